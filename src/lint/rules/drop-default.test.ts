import { describe, expect, it } from 'vitest';
import { dropDefault } from './drop-default.js';
import { check, flagged } from './test-helper.js';

describe('drop-default', () => {
  it('flags DROP DEFAULT on an existing column', async () => {
    const [finding] = await check(dropDefault, 'ALTER TABLE users ALTER COLUMN status DROP DEFAULT');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users.status');
  });

  it('allows SET DEFAULT', async () => {
    expect(await flagged(dropDefault, "ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active'")).toEqual([]);
  });

  it('allows dropping the default of a new column or on a new table', async () => {
    expect(await flagged(dropDefault, "ALTER TABLE users ADD COLUMN s text DEFAULT 'x'; ALTER TABLE users ALTER s DROP DEFAULT")).toEqual([]);
    expect(await flagged(dropDefault, 'ALTER TABLE t ALTER a DROP DEFAULT', { earlier: ['CREATE TABLE t (a int DEFAULT 0)'] })).toEqual([]);
  });

  it('points at the ALTER statement', async () => {
    expect(await flagged(dropDefault, "ALTER TABLE users ALTER s SET DEFAULT 'x';\nALTER TABLE users ALTER s DROP DEFAULT")).toEqual([1]);
  });
});
