-- Release r2 (migrate): both colours now run r1 or later, so every new row has an
-- environment. Fill in the rows written before r1. Large tables: use
-- `safe-migrate backfill public.deployments --set "environment = 'production'"` instead.
-- migrate:up
UPDATE deployments SET environment = 'production' WHERE environment IS NULL;

-- migrate:down
-- Nothing to undo: the backfilled values are valid data.
SELECT 1;
