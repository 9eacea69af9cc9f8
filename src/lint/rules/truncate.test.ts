import { describe, expect, it } from 'vitest';
import { truncate } from './truncate.js';
import { check, flagged } from './test-helper.js';

describe('truncate', () => {
  it('flags TRUNCATE of an existing table', async () => {
    const [finding] = await check(truncate, 'TRUNCATE sessions, app.events');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.sessions, app.events');
  });

  it('allows TRUNCATE of a table created in the set', async () => {
    expect(await flagged(truncate, 'CREATE TABLE staging (a int); TRUNCATE staging')).toEqual([]);
    expect(await flagged(truncate, 'TRUNCATE staging', { earlier: ['CREATE TABLE staging (a int)'] })).toEqual([]);
  });

  it('allows a DELETE with WHERE', async () => {
    expect(await flagged(truncate, 'DELETE FROM sessions WHERE expires_at < now()')).toEqual([]);
  });

  it('points at the TRUNCATE statement', async () => {
    expect(await flagged(truncate, 'SELECT 1;\nTRUNCATE TABLE sessions')).toEqual([1]);
  });
});
