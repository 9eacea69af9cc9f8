import { describe, expect, it } from 'vitest';
import { backfillTooEarly } from './backfill-too-early.js';
import { check, flagged } from './test-helper.js';

describe('backfill-too-early', () => {
  it('flags backfilling a column added earlier in the same migration', async () => {
    const findings = await check(backfillTooEarly, "ALTER TABLE users ADD COLUMN tier text;\nUPDATE users SET tier = 'free' WHERE tier IS NULL");
    expect(findings.map((f) => f.statementIndex)).toEqual([1]);
    expect(findings[0]?.message).toContain('public.users.tier');
  });

  it('flags backfilling a column added by an earlier file of the same set', async () => {
    expect(await flagged(backfillTooEarly, "UPDATE users SET tier = 'free'", { earlier: ['ALTER TABLE users ADD COLUMN tier text'] })).toEqual([0]);
  });

  it('allows backfilling a column added in an earlier release (not in the set)', async () => {
    expect(await flagged(backfillTooEarly, "UPDATE users SET tier = 'free' WHERE tier IS NULL")).toEqual([]);
  });

  it('allows updating other columns, and tables created in the set', async () => {
    expect(await flagged(backfillTooEarly, "ALTER TABLE users ADD COLUMN tier text; UPDATE users SET name = 'x' WHERE id = 1")).toEqual([]);
    expect(await flagged(backfillTooEarly, "CREATE TABLE t (a text); ALTER TABLE t ADD COLUMN b text; UPDATE t SET b = a")).toEqual([]);
  });
});
