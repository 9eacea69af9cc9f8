-- Release r2 (contract): enforce NOT NULL without a long ACCESS EXCLUSIVE scan.
-- A NOT VALID check is instant; VALIDATE scans under a weaker lock; SET NOT NULL then
-- uses the validated check instead of scanning again (PostgreSQL 12+).
-- migrate:up
ALTER TABLE deployments ADD CONSTRAINT deployments_environment_not_null CHECK (environment IS NOT NULL) NOT VALID;
ALTER TABLE deployments VALIDATE CONSTRAINT deployments_environment_not_null;
ALTER TABLE deployments ALTER COLUMN environment SET NOT NULL;
ALTER TABLE deployments DROP CONSTRAINT deployments_environment_not_null;

-- migrate:down
ALTER TABLE deployments ALTER COLUMN environment DROP NOT NULL;
