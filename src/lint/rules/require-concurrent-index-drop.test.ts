import { describe, expect, it } from 'vitest';
import { requireConcurrentIndexDrop } from './require-concurrent-index-drop.js';
import { check, flagged } from './test-helper.js';

describe('require-concurrent-index-drop', () => {
  it('flags DROP INDEX without CONCURRENTLY', async () => {
    const [finding] = await check(requireConcurrentIndexDrop, 'DROP INDEX IF EXISTS app.users_email_idx');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('app.users_email_idx');
  });

  it('allows DROP INDEX CONCURRENTLY', async () => {
    expect(await flagged(requireConcurrentIndexDrop, 'DROP INDEX CONCURRENTLY IF EXISTS users_email_idx')).toEqual([]);
  });

  it('allows dropping an index created earlier in the section', async () => {
    expect(await flagged(requireConcurrentIndexDrop, 'CREATE INDEX CONCURRENTLY tmp_idx ON users (a); DROP INDEX tmp_idx')).toEqual([]);
  });

  it('allows dropping an index of a table created in the set', async () => {
    const earlier = ['CREATE TABLE t (a int)', 'CREATE INDEX t_a_idx ON t (a)'];
    expect(await flagged(requireConcurrentIndexDrop, 'DROP INDEX t_a_idx', { earlier })).toEqual([]);
    expect(await flagged(requireConcurrentIndexDrop, 'DROP INDEX users_a_idx', { earlier: ['CREATE INDEX CONCURRENTLY users_a_idx ON users (a)'] })).toEqual([0]);
  });

  it('points at the DROP statement', async () => {
    expect(await flagged(requireConcurrentIndexDrop, 'DROP INDEX CONCURRENTLY a_idx;\nDROP INDEX b_idx')).toEqual([1]);
  });
});
