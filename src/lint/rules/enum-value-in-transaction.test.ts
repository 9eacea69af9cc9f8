import { describe, expect, it } from 'vitest';
import { enumValueInTransaction } from './enum-value-in-transaction.js';
import { check, flagged } from './test-helper.js';

describe('enum-value-in-transaction', () => {
  it('flags using a new enum value in the same transaction', async () => {
    const sql = "ALTER TYPE mood ADD VALUE 'ecstatic';\nUPDATE people SET mood = 'ecstatic' WHERE id = 1";
    const findings = await check(enumValueInTransaction, sql);
    expect(findings.map((f) => f.statementIndex)).toEqual([1]);
    expect(findings[0]?.message).toContain("'ecstatic' is used in the same transaction that added it to public.mood (line 1)");
    expect(await flagged(enumValueInTransaction, "ALTER TYPE mood ADD VALUE 'meh'; ALTER TABLE people ALTER mood SET DEFAULT 'meh'")).toEqual([1]);
  });

  it('allows ADD VALUE on its own or with unrelated statements', async () => {
    expect(await flagged(enumValueInTransaction, "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' AFTER 'ok'; ALTER TABLE people ADD COLUMN note text")).toEqual([]);
  });

  it('allows using the value in a later migration or after a transaction boundary', async () => {
    expect(await flagged(enumValueInTransaction, "UPDATE people SET mood = 'meh' WHERE id = 1", { earlier: ["ALTER TYPE mood ADD VALUE 'meh'"] })).toEqual([]);
    expect(await flagged(enumValueInTransaction, "-- safe-migrate:no-transaction\nALTER TYPE mood ADD VALUE 'meh';\nUPDATE people SET mood = 'meh' WHERE id = 1")).toEqual([]);
  });
});
