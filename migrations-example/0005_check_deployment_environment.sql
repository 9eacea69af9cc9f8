-- Release r2 (contract, part 1): new rows must carry an environment. NOT VALID makes this
-- instant: existing rows are not scanned, so ACCESS EXCLUSIVE is held only for a moment.
-- migrate:up
ALTER TABLE deployments ADD CONSTRAINT deployments_environment_not_null CHECK (environment IS NOT NULL) NOT VALID;

-- migrate:down
ALTER TABLE deployments DROP CONSTRAINT deployments_environment_not_null;
