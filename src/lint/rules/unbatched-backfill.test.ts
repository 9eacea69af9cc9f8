import { describe, expect, it } from 'vitest';
import { unbatchedBackfill } from './unbatched-backfill.js';
import { check, flagged } from './test-helper.js';

describe('unbatched-backfill', () => {
  it('flags an UPDATE without WHERE', async () => {
    const [finding] = await check(unbatchedBackfill, "UPDATE users SET tier = 'free'");
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users without WHERE');
  });

  it('flags an UPDATE whose WHERE still covers the whole table', async () => {
    expect(await flagged(unbatchedBackfill, "UPDATE users SET tier = 'free' WHERE tier IS NULL")).toEqual([0]);
    expect(await flagged(unbatchedBackfill, "UPDATE users SET tier = 'free' WHERE true")).toEqual([0]);
    expect(await flagged(unbatchedBackfill, 'UPDATE users SET a = 1 WHERE a IS NULL AND b IS NOT TRUE')).toEqual([0]);
  });

  it('allows targeted updates', async () => {
    expect(await flagged(unbatchedBackfill, "UPDATE users SET tier = 'pro' WHERE id = 42")).toEqual([]);
    expect(await flagged(unbatchedBackfill, "UPDATE users SET tier = 'free' WHERE tier IS NULL AND id BETWEEN 1 AND 1000")).toEqual([]);
  });

  it('allows updates of a table created in the set, or of a temporary table', async () => {
    expect(await flagged(unbatchedBackfill, 'CREATE TABLE t (a int); INSERT INTO t VALUES (1); UPDATE t SET a = 2')).toEqual([]);
    expect(await flagged(unbatchedBackfill, 'CREATE TEMP TABLE tmp (a int); UPDATE tmp SET a = 2')).toEqual([]);
  });

  it('points at the UPDATE statement', async () => {
    expect(await flagged(unbatchedBackfill, 'UPDATE users SET a = 1 WHERE id = 1;\nUPDATE users SET a = 1')).toEqual([1]);
  });
});
