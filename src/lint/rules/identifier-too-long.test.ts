import { describe, expect, it } from 'vitest';
import { identifierTooLong } from './identifier-too-long.js';
import { check, flagged } from './test-helper.js';

const long = 'a'.repeat(64);
const max = 'b'.repeat(63);

describe('identifier-too-long', () => {
  it('flags names over 63 bytes wherever they are defined', async () => {
    const [finding] = await check(identifierTooLong, `CREATE TABLE ${long} (id bigint)`);
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('(64 bytes)');
    const sql = [
      `CREATE TABLE t (${long} text)`,
      `ALTER TABLE t ADD COLUMN ${long} text`,
      `ALTER TABLE t ADD CONSTRAINT ${long} CHECK (true) NOT VALID`,
      `CREATE INDEX CONCURRENTLY ${long} ON t (a)`,
      `ALTER TABLE t RENAME COLUMN a TO ${long}`,
      `CREATE VIEW ${long} AS SELECT 1`,
      `CREATE FUNCTION ${long}() RETURNS int LANGUAGE sql AS 'select 1'`,
      `CREATE SCHEMA ${long}`,
    ].join(';\n');
    expect(await flagged(identifierTooLong, sql)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('counts bytes, not characters', async () => {
    const accented = 'é'.repeat(32); // 32 characters, 64 bytes
    expect(await flagged(identifierTooLong, `CREATE TABLE "${accented}" (id bigint)`)).toEqual([0]);
  });

  it('allows names of exactly 63 bytes, and long string literals or function bodies', async () => {
    expect(await flagged(identifierTooLong, `CREATE TABLE ${max} (${max} text)`)).toEqual([]);
    expect(await flagged(identifierTooLong, `CREATE FUNCTION f() RETURNS text LANGUAGE sql AS 'select ''${long}'''; COMMENT ON TABLE t IS '${long}'`)).toEqual([]);
  });

  it('points at the statement defining the long name', async () => {
    expect(await flagged(identifierTooLong, `CREATE TABLE t (id bigint);\nALTER TABLE t ADD COLUMN ${long} text`)).toEqual([1]);
  });
});
