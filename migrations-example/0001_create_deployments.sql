-- Release r0: the table every release reads and writes.
-- migrate:up
CREATE TABLE deployments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  service text NOT NULL,
  version text NOT NULL,
  deployed_at timestamptz NOT NULL DEFAULT now()
);

-- migrate:down
DROP TABLE deployments;
