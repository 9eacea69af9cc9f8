import { describe, expect, it } from 'vitest';
import { requireConcurrentIndex } from './require-concurrent-index.js';
import { check, flagged } from './test-helper.js';

describe('require-concurrent-index', () => {
  it('flags CREATE INDEX without CONCURRENTLY on an existing table', async () => {
    const [finding] = await check(requireConcurrentIndex, 'CREATE INDEX users_email_idx ON users (email)');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users');
    expect(await flagged(requireConcurrentIndex, 'CREATE UNIQUE INDEX ON app.users (lower(email))')).toEqual([0]);
  });

  it('allows CREATE INDEX CONCURRENTLY', async () => {
    expect(await flagged(requireConcurrentIndex, 'CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email)')).toEqual([]);
  });

  it('allows a plain index on a table created earlier in the section or set', async () => {
    expect(await flagged(requireConcurrentIndex, 'CREATE TABLE t (a int); CREATE INDEX t_a_idx ON t (a)')).toEqual([]);
    expect(await flagged(requireConcurrentIndex, 'CREATE INDEX t_a_idx ON t (a)', { earlier: ['CREATE TABLE t (a int)'] })).toEqual([]);
    expect(await flagged(requireConcurrentIndex, 'CREATE MATERIALIZED VIEW mv AS SELECT 1 AS id; CREATE UNIQUE INDEX ON mv (id)')).toEqual([]);
  });

  it('points at the CREATE INDEX statement', async () => {
    expect(await flagged(requireConcurrentIndex, 'CREATE TABLE t (a int);\nCREATE INDEX ON t (a);\nCREATE INDEX ON users (a)')).toEqual([2]);
  });
});
