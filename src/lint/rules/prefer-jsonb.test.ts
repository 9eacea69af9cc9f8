import { describe, expect, it } from 'vitest';
import { preferJsonb } from './prefer-jsonb.js';
import { check, flagged } from './test-helper.js';

describe('prefer-jsonb', () => {
  it('flags json columns wherever they are defined', async () => {
    const [finding] = await check(preferJsonb, 'CREATE TABLE events (id bigint, payload json)');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.events.payload');
    expect(await flagged(preferJsonb, 'ALTER TABLE users ADD COLUMN prefs json; ALTER TABLE users ALTER meta TYPE json')).toEqual([0, 1]);
  });

  it('allows jsonb', async () => {
    expect(await flagged(preferJsonb, "CREATE TABLE events (payload jsonb DEFAULT '{}')")).toEqual([]);
  });

  it('points at the statement defining the column', async () => {
    expect(await flagged(preferJsonb, 'CREATE TABLE a (x jsonb);\nALTER TABLE a ADD y json')).toEqual([1]);
  });
});
