import { describe, expect, it } from 'vitest';
import { preferTimestamptz } from './prefer-timestamptz.js';
import { check, flagged } from './test-helper.js';

describe('prefer-timestamptz', () => {
  it('flags timestamp without time zone', async () => {
    const [finding] = await check(preferTimestamptz, 'CREATE TABLE events (at timestamp)');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.events.at');
    expect(await flagged(preferTimestamptz, 'ALTER TABLE e ADD COLUMN b timestamp(3) without time zone; ALTER TABLE e ALTER c TYPE timestamp')).toEqual([0, 1]);
  });

  it('allows timestamptz in both spellings', async () => {
    expect(await flagged(preferTimestamptz, 'CREATE TABLE events (a timestamptz, b timestamp with time zone, d date)')).toEqual([]);
  });

  it('points at the defining statement', async () => {
    expect(await flagged(preferTimestamptz, 'CREATE TABLE a (x timestamptz);\nALTER TABLE a ADD y timestamp')).toEqual([1]);
  });
});
