import { describe, expect, it } from 'vitest';
import { setNotNull } from './set-not-null.js';
import { check, flagged } from './test-helper.js';

describe('set-not-null', () => {
  it('flags SET NOT NULL on an existing table', async () => {
    const [finding] = await check(setNotNull, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users.email');
  });

  it('flags SET NOT NULL of a column added in the same release too (the old colour does not write it)', async () => {
    expect(await flagged(setNotNull, 'ALTER TABLE users ALTER COLUMN notes SET NOT NULL', { earlier: ['ALTER TABLE users ADD COLUMN notes text'] })).toEqual([0]);
  });

  it('allows SET NOT NULL on a table created in the set', async () => {
    expect(await flagged(setNotNull, 'CREATE TABLE t (a text); ALTER TABLE t ALTER a SET NOT NULL')).toEqual([]);
  });

  it('allows dropping NOT NULL and other commands', async () => {
    expect(await flagged(setNotNull, 'ALTER TABLE users ALTER email DROP NOT NULL, ALTER email SET DEFAULT 1')).toEqual([]);
  });

  it('points at the ALTER statement', async () => {
    expect(await flagged(setNotNull, 'SELECT 1;\nALTER TABLE users ALTER email SET NOT NULL')).toEqual([1]);
  });
});
