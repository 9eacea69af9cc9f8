import { describe, expect, it } from 'vitest';
import { requireConcurrentReindex } from './require-concurrent-reindex.js';
import { check, flagged } from './test-helper.js';

describe('require-concurrent-reindex', () => {
  it('flags REINDEX without CONCURRENTLY', async () => {
    const [finding] = await check(requireConcurrentReindex, 'REINDEX INDEX users_email_idx');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users_email_idx');
    expect(await flagged(requireConcurrentReindex, 'REINDEX TABLE users; REINDEX SCHEMA app')).toEqual([0, 1]);
  });

  it('allows REINDEX CONCURRENTLY in both spellings', async () => {
    expect(await flagged(requireConcurrentReindex, 'REINDEX INDEX CONCURRENTLY users_email_idx; REINDEX (CONCURRENTLY) TABLE users')).toEqual([]);
  });

  it('allows REINDEX TABLE of a table created in the set', async () => {
    expect(await flagged(requireConcurrentReindex, 'CREATE TABLE t (a int); REINDEX TABLE t')).toEqual([]);
  });

  it('points at the REINDEX statement', async () => {
    expect(await flagged(requireConcurrentReindex, 'SELECT 1;\nREINDEX TABLE users')).toEqual([1]);
  });
});
