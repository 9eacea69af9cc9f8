import { describe, expect, it } from 'vitest';
import { dropNotNull } from './drop-not-null.js';
import { check, flagged } from './test-helper.js';

describe('drop-not-null', () => {
  it('flags DROP NOT NULL on an existing column', async () => {
    const [finding] = await check(dropNotNull, 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users.email');
  });

  it('allows SET NOT NULL (another rule) and new columns or tables', async () => {
    expect(await flagged(dropNotNull, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL')).toEqual([]);
    expect(await flagged(dropNotNull, 'ALTER TABLE users ADD COLUMN n text NOT NULL DEFAULT 1; ALTER TABLE users ALTER n DROP NOT NULL')).toEqual([]);
    expect(await flagged(dropNotNull, 'ALTER TABLE t ALTER a DROP NOT NULL', { earlier: ['CREATE TABLE t (a int NOT NULL)'] })).toEqual([]);
  });

  it('points at the ALTER statement', async () => {
    expect(await flagged(dropNotNull, 'SELECT 1;\nALTER TABLE users ALTER email DROP NOT NULL')).toEqual([1]);
  });
});
