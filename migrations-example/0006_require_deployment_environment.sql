-- Release r2 (contract, part 2), in its own transaction so the scan does not run under the
-- ACCESS EXCLUSIVE lock of part 1: VALIDATE scans existing rows under SHARE UPDATE EXCLUSIVE
-- (reads and writes continue); SET NOT NULL then uses the validated check instead of
-- scanning again (PostgreSQL 12+), and the check is no longer needed.
-- migrate:up
ALTER TABLE deployments VALIDATE CONSTRAINT deployments_environment_not_null;
ALTER TABLE deployments ALTER COLUMN environment SET NOT NULL;
ALTER TABLE deployments DROP CONSTRAINT deployments_environment_not_null;

-- migrate:down
ALTER TABLE deployments ALTER COLUMN environment DROP NOT NULL;
ALTER TABLE deployments ADD CONSTRAINT deployments_environment_not_null CHECK (environment IS NOT NULL) NOT VALID;
