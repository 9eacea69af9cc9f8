import { describe, expect, it } from 'vitest';
import { dropColumn } from './drop-column.js';
import { check, flagged } from './test-helper.js';

describe('drop-column', () => {
  it('flags dropping a column of an existing table', async () => {
    expect(await flagged(dropColumn, 'ALTER TABLE users DROP COLUMN email')).toEqual([0]);
    const [finding] = await check(dropColumn, 'ALTER TABLE app.users DROP COLUMN IF EXISTS email, DROP COLUMN name');
    expect(finding?.message).toContain('app.users.email, app.users.name');
  });

  it('allows dropping a column added earlier in the section or the set', async () => {
    expect(await flagged(dropColumn, 'ALTER TABLE users ADD COLUMN tmp text; ALTER TABLE users DROP COLUMN tmp')).toEqual([]);
    expect(await flagged(dropColumn, 'ALTER TABLE users DROP COLUMN tmp', { earlier: ['ALTER TABLE users ADD COLUMN tmp text'] })).toEqual([]);
  });

  it('allows dropping a column of a table created in the set', async () => {
    expect(await flagged(dropColumn, 'ALTER TABLE t DROP COLUMN a', { earlier: ['CREATE TABLE t (a text, b text)'] })).toEqual([]);
  });

  it('ignores other ALTER TABLE commands and ALTER TYPE … DROP ATTRIBUTE', async () => {
    expect(await flagged(dropColumn, 'ALTER TABLE users ADD COLUMN notes text; ALTER TYPE address DROP ATTRIBUTE zip')).toEqual([]);
  });

  it('points at the ALTER TABLE statement', async () => {
    expect(await flagged(dropColumn, 'ALTER TABLE users ADD COLUMN notes text;\nALTER TABLE users DROP COLUMN email')).toEqual([1]);
  });
});
