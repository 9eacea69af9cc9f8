// Table-driven classification of CREATE statements, views, functions, types, privileges and DO blocks.
import { beforeAll, describe, it } from 'vitest';
import { checkCase, type ClassificationCase } from '../../test/helpers/classify-cases.js';
import { loadParser } from '../sql/index.js';

beforeAll(loadParser);

describe('tables and indexes', () => {
  const cases: ClassificationCase[] = [
    {
      sql: 'CREATE TABLE app.orders (id bigint PRIMARY KEY, user_id int NOT NULL REFERENCES users(id), CONSTRAINT positive CHECK (id > 0))',
      effect: 'additive', lock: 'SHARE ROW EXCLUSIVE', tables: ['public.users'], breaks: [],
      objects: [
        { type: 'table', name: 'app.orders', action: 'create' },
        { type: 'column', name: 'app.orders.user_id', action: 'create' },
        { type: 'constraint', name: 'app.orders.orders_pkey', action: 'create' },
        { type: 'constraint', name: 'app.orders.orders_user_id_fkey', action: 'create' },
        { type: 'constraint', name: 'app.orders.positive', action: 'create' },
        { type: 'table', name: 'public.users', action: 'read' },
      ],
    },
    { sql: 'CREATE TABLE plain (a int)', effect: 'additive', lock: 'none', tables: [] },
    { sql: 'CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM (1) TO (2)', effect: 'additive', lock: 'ACCESS EXCLUSIVE', tables: ['public.events'], note: /ATTACH PARTITION/ },
    { sql: 'CREATE TABLE child () INHERITS (parent)', effect: 'additive', lock: 'SHARE UPDATE EXCLUSIVE' },
    { sql: 'CREATE TEMP TABLE scratch (a int)', effect: 'additive', objects: [{ type: 'table', name: 'pg_temp.scratch', action: 'create' }] },
    { sql: 'CREATE TABLE snapshot AS SELECT * FROM users', effect: 'additive', lock: 'ACCESS SHARE', scan: true, objects: [{ type: 'table', name: 'public.snapshot', action: 'create' }] },
    { sql: 'CREATE MATERIALIZED VIEW stats AS WITH x AS (SELECT 1) SELECT * FROM x, users WITH NO DATA', effect: 'additive', scan: false, objects: [{ type: 'materialized-view', name: 'public.stats', action: 'create' }, { type: 'table', name: 'public.users', action: 'read' }] },
    { sql: 'CREATE INDEX users_email_idx ON users (email)', effect: 'additive', lock: 'SHARE', tables: ['public.users'], scan: true, objects: [{ type: 'index', name: 'public.users_email_idx', action: 'create' }] },
    { sql: 'CREATE INDEX CONCURRENTLY ON app.users (lower(email), id)', effect: 'additive', lock: 'SHARE UPDATE EXCLUSIVE', transactional: false, objects: [{ type: 'index', name: 'app.users_lower_id_idx', action: 'create' }] },
    { sql: 'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email)', effect: 'destructive', breaks: ['public.users.email'], note: /UNIQUE write restriction/ },
    { sql: 'CREATE UNIQUE INDEX ON users (lower(email))', effect: 'destructive', breaks: ['public.users.email'] },
    { sql: 'CREATE TABLE t (a int); CREATE UNIQUE INDEX ON t (a)', effect: 'additive', breaks: [] },
  ];
  it.each(cases)('$sql', checkCase);
});

describe('views, functions, triggers, rules, policies, comments', () => {
  const cases: ClassificationCase[] = [
    { sql: 'CREATE VIEW active AS SELECT * FROM users u JOIN app.orgs o ON o.id = u.org', effect: 'additive', lock: 'ACCESS SHARE', objects: [{ type: 'view', name: 'public.active', action: 'create' }, { type: 'table', name: 'app.orgs', action: 'read' }] },
    { sql: 'CREATE OR REPLACE VIEW active AS SELECT * FROM users', effect: 'additive', lock: 'ACCESS EXCLUSIVE', tables: ['public.active'], note: /OR REPLACE/ },
    { sql: 'CREATE VIEW v AS SELECT 1; CREATE OR REPLACE VIEW v AS SELECT 1, 2', effect: 'additive', noNote: /OR REPLACE/ },
    { sql: 'CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$', effect: 'additive', lock: 'none', objects: [{ type: 'function', name: 'app.touch', action: 'create' }] },
    { sql: 'CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$', effect: 'additive', note: /behaviour may change/ },
    { sql: 'CREATE TRIGGER touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION app.touch()', effect: 'additive', lock: 'SHARE ROW EXCLUSIVE', tables: ['public.users'], objects: [{ type: 'trigger', name: 'public.users.touch', action: 'create' }, { type: 'function', name: 'app.touch', action: 'read' }] },
    { sql: 'CREATE RULE r AS ON INSERT TO users DO INSTEAD NOTHING', effect: 'destructive', lock: 'ACCESS EXCLUSIVE', breaks: ['public.users'] },
    { sql: 'CREATE POLICY own ON users USING (owner = current_user)', effect: 'additive', lock: 'ACCESS EXCLUSIVE', objects: [{ type: 'policy', name: 'public.users.own', action: 'create' }] },
    { sql: 'CREATE POLICY only_active ON users AS RESTRICTIVE USING (active)', effect: 'destructive', breaks: ['public.users'] },
    { sql: 'ALTER POLICY own ON users USING (true)', effect: 'destructive', breaks: ['public.users'] },
    { sql: "COMMENT ON TABLE users IS 'people'", effect: 'additive', lock: 'SHARE UPDATE EXCLUSIVE', tables: ['public.users'], objects: [{ type: 'table', name: 'public.users', action: 'alter' }] },
    { sql: "COMMENT ON COLUMN app.users.email IS 'login'", effect: 'additive', tables: ['app.users'], objects: [{ type: 'column', name: 'app.users.email', action: 'alter' }] },
    { sql: "COMMENT ON FUNCTION f(int) IS 'x'", effect: 'additive', lock: 'none', objects: [{ type: 'function', name: 'public.f', action: 'alter' }] },
  ];
  it.each(cases)('$sql', checkCase);
});

describe('types, sequences, extensions, schemas', () => {
  const cases: ClassificationCase[] = [
    { sql: "CREATE TYPE mood AS ENUM ('happy', 'sad')", effect: 'additive', objects: [{ type: 'type', name: 'public.mood', action: 'create' }] },
    { sql: "ALTER TYPE mood ADD VALUE 'meh'", effect: 'additive', breaks: [], note: /tolerate/ },
    { sql: "ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'sad'", effect: 'additive', objects: [{ type: 'type', name: 'app.mood', action: 'alter' }] },
    { sql: 'CREATE TYPE address AS (street text, zip text)', effect: 'additive', objects: [{ type: 'type', name: 'public.address', action: 'create' }] },
    { sql: 'CREATE DOMAIN email AS text CHECK (VALUE LIKE \'%@%\')', effect: 'additive', objects: [{ type: 'type', name: 'public.email', action: 'create' }] },
    { sql: 'ALTER DOMAIN email ADD CONSTRAINT c CHECK (length(VALUE) < 200)', effect: 'destructive', scan: true, breaks: ['public.email'] },
    { sql: 'ALTER DOMAIN email ADD CONSTRAINT c CHECK (length(VALUE) < 200) NOT VALID', effect: 'destructive', scan: false },
    { sql: 'ALTER DOMAIN email DROP CONSTRAINT c', effect: 'additive' },
    { sql: 'ALTER DOMAIN email SET NOT NULL', effect: 'destructive' },
    { sql: 'CREATE SEQUENCE ids', effect: 'additive', objects: [{ type: 'sequence', name: 'public.ids', action: 'create' }] },
    { sql: 'ALTER SEQUENCE ids RESTART WITH 1', effect: 'neutral', lock: 'SHARE ROW EXCLUSIVE', note: /collide/ },
    { sql: 'CREATE EXTENSION IF NOT EXISTS pgcrypto', effect: 'additive', objects: [{ type: 'extension', name: 'pgcrypto', action: 'create' }] },
    { sql: 'ALTER EXTENSION pgcrypto UPDATE', effect: 'additive' },
    { sql: 'CREATE SCHEMA app CREATE TABLE t (a int) CREATE VIEW v AS SELECT a FROM t', effect: 'additive', objects: [{ type: 'schema', name: 'app', action: 'create' }, { type: 'table', name: 'app.t', action: 'create' }, { type: 'view', name: 'app.v', action: 'create' }] },
    { sql: 'CREATE STATISTICS s ON a, b FROM users', effect: 'neutral', lock: 'SHARE UPDATE EXCLUSIVE' },
  ];
  it.each(cases)('$sql', checkCase);
});

describe('privileges and roles', () => {
  const cases: ClassificationCase[] = [
    { sql: 'GRANT SELECT, INSERT ON users, app.orders TO web', effect: 'additive', lock: 'none', breaks: [], objects: [{ type: 'table', name: 'app.orders', action: 'alter' }] },
    { sql: 'REVOKE INSERT ON users FROM web', effect: 'destructive', breaks: ['public.users'], note: /web/ },
    { sql: 'REVOKE UPDATE (email) ON users FROM web', effect: 'destructive', breaks: ['public.users.email'] },
    { sql: 'REVOKE ALL ON ALL TABLES IN SCHEMA app FROM web', effect: 'destructive', breaks: ['app'] },
    { sql: 'GRANT EXECUTE ON FUNCTION app.f(int) TO web', effect: 'additive', objects: [{ type: 'function', name: 'app.f', action: 'alter' }] },
    { sql: 'GRANT USAGE ON SCHEMA app TO web', effect: 'additive', objects: [{ type: 'schema', name: 'app', action: 'alter' }] },
    { sql: 'GRANT admin TO alice', effect: 'additive' },
    { sql: 'REVOKE admin FROM alice', effect: 'destructive', breaks: ['admin'] },
    { sql: 'ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO web', effect: 'additive' },
    { sql: 'ALTER DEFAULT PRIVILEGES IN SCHEMA app REVOKE SELECT ON TABLES FROM web', effect: 'neutral' },
    { sql: 'CREATE ROLE web LOGIN', effect: 'additive', objects: [{ type: 'role', name: 'web', action: 'create' }] },
    { sql: 'ALTER ROLE web SET statement_timeout = 0', effect: 'neutral' },
    { sql: 'ALTER FUNCTION f() OWNER TO admin', effect: 'neutral' },
  ];
  it.each(cases)('$sql', checkCase);
});

describe('DO blocks', () => {
  const cases: ClassificationCase[] = [
    {
      sql: "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN CREATE TYPE mood AS ENUM ('a'); END IF; END $$",
      effect: 'additive', objects: [{ type: 'type', name: 'public.mood', action: 'create' }], note: /1 static statement/,
    },
    { sql: 'DO $$ BEGIN UPDATE users SET a = 1 WHERE b; ALTER TABLE users DROP COLUMN c; END $$', effect: 'destructive', lock: 'ACCESS EXCLUSIVE', breaks: ['public.users.c'] },
    { sql: "DO $$ BEGIN ALTER TABLE users ADD COLUMN a int; EXECUTE 'DROP TABLE ' || 'x'; END $$", effect: 'unknown', breaks: ['public.users', 'public.users.a'], note: /dynamic SQL/ },
    { sql: "DO $$ BEGIN RAISE NOTICE 'hi'; END $$", effect: 'neutral', note: /no SQL statement/ },
    { sql: 'DO $$ BEGIN CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b int NOT NULL; END $$', effect: 'additive', breaks: [] },
    { sql: "DO LANGUAGE plv8 $$ plv8.execute('select 1') $$", effect: 'unknown', note: /plv8/ },
  ];
  it.each(cases)('$sql', checkCase);
});
