// Table-driven classification of DROP, RENAME, data, session and maintenance statements.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCase, type ClassificationCase } from '../../test/helpers/classify-cases.js';
import { loadParser } from '../sql/index.js';
import { classify } from './index.js';
import type { LockLevel } from './types.js';

beforeAll(loadParser);

const AE: LockLevel = 'ACCESS EXCLUSIVE';

describe('DROP and TRUNCATE', () => {
  const cases: ClassificationCase[] = [
    { sql: 'DROP TABLE IF EXISTS users, app.orders CASCADE', effect: 'destructive', lock: AE, tables: ['public.users', 'app.orders'], breaks: ['public.users', 'app.orders'], note: /CASCADE/ },
    { sql: 'DROP VIEW active_users', effect: 'destructive', lock: AE, breaks: ['public.active_users'], objects: [{ type: 'view', name: 'public.active_users', action: 'drop' }] },
    { sql: 'DROP MATERIALIZED VIEW stats', effect: 'destructive', breaks: ['public.stats'], objects: [{ type: 'materialized-view', name: 'public.stats', action: 'drop' }] },
    { sql: 'DROP FUNCTION app.touch(int), helper', effect: 'destructive', lock: 'none', breaks: ['app.touch', 'public.helper'] },
    { sql: 'DROP PROCEDURE p', effect: 'destructive', breaks: ['public.p'], objects: [{ type: 'function', name: 'public.p', action: 'drop' }] },
    { sql: 'DROP TYPE mood', effect: 'destructive', breaks: ['public.mood'], objects: [{ type: 'type', name: 'public.mood', action: 'drop' }] },
    { sql: 'DROP DOMAIN email_address', effect: 'destructive', breaks: ['public.email_address'] },
    { sql: 'DROP SEQUENCE users_id_seq', effect: 'destructive', lock: AE, breaks: ['public.users_id_seq'] },
    { sql: 'DROP SCHEMA legacy CASCADE', effect: 'destructive', lock: 'none', breaks: ['legacy'], objects: [{ type: 'schema', name: 'legacy', action: 'drop' }] },
    { sql: 'DROP TRIGGER touch ON app.users', effect: 'destructive', lock: AE, tables: ['app.users'], breaks: ['app.users.touch'], objects: [{ type: 'trigger', name: 'app.users.touch', action: 'drop' }] },
    { sql: 'DROP POLICY own_rows ON users', effect: 'destructive', tables: ['public.users'], breaks: ['public.users.own_rows'] },
    { sql: 'DROP EXTENSION pgcrypto', effect: 'destructive', breaks: ['pgcrypto'], objects: [{ type: 'extension', name: 'pgcrypto', action: 'drop' }] },
    { sql: 'DROP STATISTICS s', effect: 'neutral' },
    { sql: 'DROP INDEX users_created_idx', effect: 'neutral', lock: AE, breaks: [], note: /plain index/ },
    { sql: 'DROP INDEX CONCURRENTLY users_created_idx', effect: 'neutral', lock: 'SHARE UPDATE EXCLUSIVE', transactional: false },
    { sql: 'DROP INDEX "User_email_key"', effect: 'destructive', breaks: ['public.User_email_key'], note: /unique index/ },
    { sql: 'DROP INDEX idx_activity_unique_apid', effect: 'destructive' },
    // Created earlier in the same migration: nothing deployed relies on it (more in context.test.ts).
    { sql: 'CREATE UNIQUE INDEX CONCURRENTLY users_lower_email ON users (lower(email)); DROP INDEX users_lower_email', effect: 'additive', tables: ['public.users'] },
    { sql: 'CREATE INDEX orders_key ON orders (k); DROP INDEX orders_key', effect: 'neutral', tables: ['public.orders'] },
    { sql: 'CREATE TABLE t (a int UNIQUE); DROP INDEX t_a_key', effect: 'additive', breaks: [] },
    { sql: 'DROP ROLE reporting', effect: 'destructive', breaks: ['reporting'] },
    { sql: 'DROP OWNED BY reporting', effect: 'destructive', breaks: ['reporting'] },
    { sql: 'TRUNCATE sessions, app.tokens RESTART IDENTITY CASCADE', effect: 'destructive', lock: AE, breaks: ['public.sessions', 'app.tokens'], note: /CASCADE/ },
    { sql: 'CREATE TABLE t (a int); DROP TABLE t', effect: 'additive', breaks: [] },
  ];
  it.each(cases)('$sql', checkCase);
});

describe('RENAME and SET SCHEMA', () => {
  const cases: ClassificationCase[] = [
    { sql: 'ALTER TABLE users RENAME TO accounts', effect: 'destructive', lock: AE, breaks: ['public.users'], objects: [{ type: 'table', name: 'public.users', action: 'rename', newName: 'public.accounts' }] },
    { sql: 'ALTER TABLE app.users RENAME COLUMN email TO mail', effect: 'destructive', tables: ['app.users'], breaks: ['app.users.email'], objects: [{ type: 'column', name: 'app.users.email', action: 'rename', newName: 'app.users.mail' }] },
    { sql: 'ALTER TABLE users RENAME CONSTRAINT a TO b', effect: 'destructive', breaks: ['public.users.a'] },
    { sql: 'ALTER INDEX users_idx RENAME TO users_email_idx', effect: 'destructive', lock: 'SHARE UPDATE EXCLUSIVE', breaks: ['public.users_idx'] },
    { sql: 'ALTER VIEW v RENAME TO w', effect: 'destructive', objects: [{ type: 'view', name: 'public.v', action: 'rename', newName: 'public.w' }] },
    { sql: 'ALTER SEQUENCE s RENAME TO t', effect: 'destructive', breaks: ['public.s'] },
    { sql: 'ALTER TYPE mood RENAME TO feeling', effect: 'destructive', lock: 'none', objects: [{ type: 'type', name: 'public.mood', action: 'rename', newName: 'public.feeling' }] },
    { sql: 'ALTER TYPE address RENAME ATTRIBUTE zip TO postcode', effect: 'destructive', lock: 'none', breaks: ['public.address.zip'] },
    { sql: 'ALTER FUNCTION app.f(int) RENAME TO g', effect: 'destructive', breaks: ['app.f'], objects: [{ type: 'function', name: 'app.f', action: 'rename', newName: 'app.g' }] },
    { sql: 'ALTER TRIGGER t ON users RENAME TO u', effect: 'destructive', lock: AE, breaks: ['public.users.t'] },
    { sql: 'ALTER SCHEMA app RENAME TO core', effect: 'destructive', breaks: ['app'], objects: [{ type: 'schema', name: 'app', action: 'rename', newName: 'core' }] },
    { sql: 'ALTER TABLE users SET SCHEMA archive', effect: 'destructive', lock: AE, breaks: ['public.users'], objects: [{ type: 'table', name: 'public.users', action: 'rename', newName: 'archive.users' }] },
    { sql: 'ALTER FUNCTION f() SET SCHEMA util', effect: 'destructive', lock: 'none', breaks: ['public.f'] },
    { sql: "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'", effect: 'destructive', breaks: ['public.mood'] },
    { sql: 'CREATE TABLE t (a int); ALTER TABLE t RENAME COLUMN a TO b', effect: 'additive', breaks: [] },
  ];
  it.each(cases)('$sql', checkCase);
});

describe('data', () => {
  const cases: ClassificationCase[] = [
    { sql: "INSERT INTO users (id, email) VALUES (1, 'a')", effect: 'data', lock: 'ROW EXCLUSIVE', tables: ['public.users'], objects: [{ type: 'table', name: 'public.users', action: 'write' }, { type: 'column', name: 'public.users.email', action: 'write' }] },
    { sql: 'INSERT INTO archive SELECT * FROM users WHERE old', effect: 'data', lock: 'ROW EXCLUSIVE', tables: ['public.archive'], objects: [{ type: 'table', name: 'public.users', action: 'read' }] },
    { sql: 'UPDATE users SET email = lower(email) WHERE id < 100', effect: 'data', scan: false, objects: [{ type: 'column', name: 'public.users.email', action: 'write' }] },
    { sql: 'UPDATE users SET flag = true', effect: 'data', scan: true, note: /every row/ },
    { sql: 'UPDATE users u SET org = o.id FROM orgs o WHERE o.owner = u.id', effect: 'data', objects: [{ type: 'table', name: 'public.orgs', action: 'read' }] },
    { sql: 'DELETE FROM sessions WHERE expired', effect: 'data', lock: 'ROW EXCLUSIVE', breaks: [] },
    { sql: 'DELETE FROM sessions', effect: 'destructive', breaks: ['public.sessions'], scan: true },
    { sql: 'COPY users (id, email) FROM STDIN', effect: 'data', lock: 'ROW EXCLUSIVE' },
    { sql: 'COPY users TO STDOUT', effect: 'neutral', lock: 'ACCESS SHARE' },
    { sql: 'MERGE INTO stock s USING delivery d ON s.item = d.item WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty', effect: 'data', lock: 'ROW EXCLUSIVE', tables: ['public.stock'] },
    { sql: 'REFRESH MATERIALIZED VIEW stats', effect: 'data', lock: AE, scan: true },
    { sql: 'REFRESH MATERIALIZED VIEW CONCURRENTLY stats', effect: 'data', lock: 'EXCLUSIVE' },
    { sql: 'SELECT 1', effect: 'neutral', lock: 'none' },
    { sql: 'WITH x AS (SELECT 1) SELECT * FROM x, users LIMIT 1', effect: 'neutral', lock: 'ACCESS SHARE', tables: ['public.users'] },
    { sql: "WITH done AS (UPDATE users SET email = '' WHERE email IS NULL RETURNING id) SELECT count(*) FROM done", effect: 'data', lock: 'ROW EXCLUSIVE', tables: ['public.users'], objects: [{ type: 'column', name: 'public.users.email', action: 'write' }] },
    { sql: 'WITH gone AS (DELETE FROM sessions RETURNING *) INSERT INTO old_sessions SELECT * FROM gone', effect: 'destructive', lock: 'ROW EXCLUSIVE', breaks: ['public.sessions'], scan: true },
    { sql: 'SELECT * FROM users FOR UPDATE', effect: 'neutral', lock: 'ROW SHARE' },
    { sql: "SELECT setval('users_id_seq', 100)", effect: 'data' },
    { sql: "SELECT create_hypertable('events', 'at')", effect: 'unknown', note: /create_hypertable/ },
    { sql: "SELECT pg_catalog.set_config('search_path', '', false)", effect: 'neutral' },
    { sql: 'SELECT * INTO backup FROM users', effect: 'additive', objects: [{ type: 'table', name: 'public.backup', action: 'create' }] },
  ];
  it.each(cases)('$sql', checkCase);
});

describe('session, transaction and maintenance', () => {
  const cases: ClassificationCase[] = [
    { sql: "SET lock_timeout = '1s'", effect: 'neutral', lock: 'none' },
    { sql: 'RESET ALL', effect: 'neutral' },
    { sql: 'SHOW search_path', effect: 'neutral' },
    { sql: 'BEGIN', effect: 'neutral' },
    { sql: 'COMMIT', effect: 'neutral' },
    { sql: 'ANALYZE users', effect: 'neutral', lock: 'SHARE UPDATE EXCLUSIVE' },
    { sql: 'VACUUM users', effect: 'neutral', lock: 'SHARE UPDATE EXCLUSIVE', transactional: false },
    { sql: 'VACUUM FULL users', effect: 'neutral', lock: AE, rewrite: true },
    { sql: 'LOCK TABLE users IN SHARE MODE', effect: 'neutral', lock: 'SHARE', tables: ['public.users'] },
    { sql: 'LOCK users', effect: 'neutral', lock: AE },
    { sql: 'EXPLAIN DELETE FROM users', effect: 'neutral' },
    { sql: 'EXPLAIN ANALYZE DELETE FROM users', effect: 'destructive', breaks: ['public.users'] },
    { sql: 'CALL archive_old()', effect: 'unknown', breaks: ['public.archive_old'] },
    { sql: 'CHECKPOINT', effect: 'neutral' },
    { sql: "NOTIFY channel, 'x'", effect: 'neutral' },
    { sql: 'REINDEX INDEX CONCURRENTLY users_email_idx', effect: 'neutral', lock: 'SHARE UPDATE EXCLUSIVE', transactional: false },
    { sql: 'REINDEX TABLE users', effect: 'neutral', lock: 'SHARE', scan: true },
    { sql: 'CLUSTER users USING users_pkey', effect: 'neutral', lock: AE, rewrite: true },
  ];
  it.each(cases)('$sql', checkCase);
});

describe('statements without a rule', () => {
  it('are unknown and break every relation they mention', () => {
    const result = classify({ kind: 'FutureStmt', node: { relation: { RangeVar: undefined }, target: { RangeVar: { relname: 'users' } } }, sql: 'FUTURE users', transactional: true });
    expect(result).toMatchObject({ kind: 'FutureStmt', effect: 'unknown', breaks: ['public.users'] });
    expect(result.notes).toContain('no classification rule for FutureStmt');
  });

  it('turn an unexpected AST shape into unknown instead of throwing', () => {
    const result = classify({ kind: 'AlterTableStmt', node: { relation: { relname: 't' }, cmds: 5 }, sql: 'ALTER TABLE t', transactional: true });
    expect(result.effect).toBe('unknown');
    expect(result.notes[0]).toMatch(/classifier error/);
  });
});
