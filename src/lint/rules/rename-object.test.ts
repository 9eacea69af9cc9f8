import { describe, expect, it } from 'vitest';
import { renameObject } from './rename-object.js';
import { check, flagged } from './test-helper.js';

describe('rename-object', () => {
  it('flags renames of views, functions, types, schemas, sequences, indexes, constraints and enum values', async () => {
    const sql = [
      'ALTER VIEW v RENAME TO w',
      'ALTER FUNCTION f(int) RENAME TO g',
      'ALTER TYPE mood RENAME TO feeling',
      'ALTER SCHEMA app RENAME TO core',
      'ALTER SEQUENCE s RENAME TO s2',
      'ALTER INDEX users_email_idx RENAME TO users_mail_idx',
      'ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_mail_key',
      "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'",
      'ALTER TRIGGER touch ON users RENAME TO touch2',
    ].join(';\n');
    expect(await flagged(renameObject, sql)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('flags SET SCHEMA', async () => {
    const [finding] = await check(renameObject, 'ALTER TABLE users SET SCHEMA archive');
    expect(finding?.message).toContain('Moving table public.users to schema archive');
  });

  it('says what was renamed', async () => {
    const [finding] = await check(renameObject, "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'");
    expect(finding?.message).toContain("enum value 'sad' of public.mood");
  });

  it('allows renaming objects created earlier in the section, or on a new table', async () => {
    expect(await flagged(renameObject, 'CREATE VIEW v AS SELECT 1; ALTER VIEW v RENAME TO w')).toEqual([]);
    expect(await flagged(renameObject, 'CREATE INDEX CONCURRENTLY i ON t (a); ALTER INDEX i RENAME TO j')).toEqual([]);
    expect(await flagged(renameObject, 'ALTER TABLE t RENAME CONSTRAINT a TO b', { earlier: ['CREATE TABLE t (id bigint)'] })).toEqual([]);
  });

  it('leaves table and column renames to their own rules', async () => {
    expect(await flagged(renameObject, 'ALTER TABLE users RENAME TO accounts; ALTER TABLE users RENAME a TO b')).toEqual([]);
  });

  it('points at the rename', async () => {
    expect(await flagged(renameObject, 'CREATE VIEW v2 AS SELECT 1;\nALTER VIEW v RENAME TO w')).toEqual([1]);
  });
});
