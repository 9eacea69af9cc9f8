import { describe, expect, it } from 'vitest';
import { renameColumn } from './rename-column.js';
import { check, flagged } from './test-helper.js';

describe('rename-column', () => {
  it('flags renaming a column of an existing table', async () => {
    const [finding] = await check(renameColumn, 'ALTER TABLE users RENAME COLUMN email TO email_address');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users.email to email_address');
    expect(await flagged(renameColumn, 'ALTER TABLE users RENAME email TO mail')).toEqual([0]);
  });

  it('allows renaming a new column or a column of a new table', async () => {
    expect(await flagged(renameColumn, 'ALTER TABLE users ADD COLUMN mail text; ALTER TABLE users RENAME mail TO email2')).toEqual([]);
    expect(await flagged(renameColumn, 'ALTER TABLE t RENAME a TO b', { earlier: ['CREATE TABLE t (a text)'] })).toEqual([]);
  });

  it('leaves table renames to rename-table', async () => {
    expect(await flagged(renameColumn, 'ALTER TABLE users RENAME TO accounts')).toEqual([]);
  });

  it('points at the RENAME statement', async () => {
    expect(await flagged(renameColumn, 'ALTER TABLE users ADD COLUMN x text;\nALTER TABLE users RENAME COLUMN email TO mail')).toEqual([1]);
  });
});
