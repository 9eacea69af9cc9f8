import { describe, expect, it } from 'vitest';
import { dropObject } from './drop-object.js';
import { check, flagged } from './test-helper.js';

describe('drop-object', () => {
  it('flags drops of views, functions, types, sequences, triggers, schemas and constraints', async () => {
    const sql = [
      'DROP VIEW active_users',
      'DROP MATERIALIZED VIEW stats',
      'DROP FUNCTION touch_updated_at()',
      'DROP TYPE mood',
      'DROP SEQUENCE order_no',
      'DROP TRIGGER touch ON users',
      'DROP SCHEMA legacy',
      'ALTER TABLE users DROP CONSTRAINT users_email_key',
      'DROP DOMAIN email_address',
      'ALTER TYPE address DROP ATTRIBUTE zip',
    ].join(';\n');
    expect(await flagged(dropObject, sql)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('names the object', async () => {
    const [finding] = await check(dropObject, 'DROP TRIGGER touch ON app.users');
    expect(finding?.message).toContain('trigger app.users.touch');
  });

  it('allows dropping objects created earlier in the section or on a new table', async () => {
    expect(await flagged(dropObject, 'CREATE VIEW v AS SELECT 1; DROP VIEW v')).toEqual([]);
    expect(await flagged(dropObject, 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ select 1 $$; DROP FUNCTION f()')).toEqual([]);
    expect(await flagged(dropObject, 'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID; ALTER TABLE t DROP CONSTRAINT c')).toEqual([]);
    expect(await flagged(dropObject, 'ALTER TABLE t DROP CONSTRAINT c', { earlier: ['CREATE TABLE t (a int)'] })).toEqual([]);
  });

  it('allows dropping and recreating the same object in one transaction', async () => {
    expect(await flagged(dropObject, 'DROP VIEW IF EXISTS v; CREATE VIEW v AS SELECT 1 AS a, 2 AS b')).toEqual([]);
    expect(await flagged(dropObject, 'DROP FUNCTION f(int); CREATE FUNCTION f(bigint) RETURNS int LANGUAGE sql AS $$ select 1 $$')).toEqual([]);
    expect(await flagged(dropObject, 'ALTER TABLE t DROP CONSTRAINT c, ADD CONSTRAINT c CHECK (a > 1) NOT VALID')).toEqual([]);
  });

  it('flags a drop-and-recreate split across transactions', async () => {
    expect(await flagged(dropObject, '-- safe-migrate:no-transaction\nDROP VIEW v;\nCREATE VIEW v AS SELECT 1')).toEqual([0]);
  });

  it('leaves tables, columns and indexes to their own rules', async () => {
    expect(await flagged(dropObject, 'DROP TABLE t; ALTER TABLE t DROP COLUMN a; DROP INDEX CONCURRENTLY i')).toEqual([]);
  });

  it('points at the DROP statement', async () => {
    expect(await flagged(dropObject, 'CREATE VIEW v AS SELECT 1;\nDROP VIEW w')).toEqual([1]);
  });
});
