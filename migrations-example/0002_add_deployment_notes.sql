-- Release r1 (expand): an optional column. Old code ignores it; r1 starts writing it.
-- migrate:up
ALTER TABLE deployments ADD COLUMN notes text;

-- migrate:down
ALTER TABLE deployments DROP COLUMN notes;
