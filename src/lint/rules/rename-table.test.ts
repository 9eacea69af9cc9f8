import { describe, expect, it } from 'vitest';
import { renameTable } from './rename-table.js';
import { check, flagged } from './test-helper.js';

describe('rename-table', () => {
  it('flags renaming an existing table', async () => {
    const [finding] = await check(renameTable, 'ALTER TABLE users RENAME TO accounts');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users to accounts');
  });

  it('allows renaming a table created earlier in the section or the set', async () => {
    expect(await flagged(renameTable, 'CREATE TABLE users_new (id bigint); ALTER TABLE users_new RENAME TO users2')).toEqual([]);
    expect(await flagged(renameTable, 'ALTER TABLE users_new RENAME TO users2', { earlier: ['CREATE TABLE users_new (id bigint)'] })).toEqual([]);
  });

  it('leaves column and other renames to other rules', async () => {
    expect(await flagged(renameTable, 'ALTER TABLE users RENAME COLUMN a TO b; ALTER VIEW v RENAME TO w')).toEqual([]);
  });

  it('points at the RENAME statement', async () => {
    expect(await flagged(renameTable, 'SELECT 1;\nALTER TABLE users RENAME TO accounts')).toEqual([1]);
  });
});
