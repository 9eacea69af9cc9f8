-- Release r1 (expand): `environment` will be required, but is added nullable first,
-- so r0 (still live, or idle as the rollback target) can keep inserting rows without it.
-- r1 writes it on every insert.
-- migrate:up
ALTER TABLE deployments ADD COLUMN environment text;

-- migrate:down
ALTER TABLE deployments DROP COLUMN environment;
