import { describe, expect, it } from 'vitest';
import { preferIdentity } from './prefer-identity.js';
import { check, flagged } from './test-helper.js';

describe('prefer-identity', () => {
  it('flags serial columns', async () => {
    const [finding] = await check(preferIdentity, 'CREATE TABLE users (id bigserial PRIMARY KEY)');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users.id (bigserial)');
    expect(await flagged(preferIdentity, 'ALTER TABLE t ADD COLUMN n serial4; CREATE TABLE u (n smallserial)')).toEqual([0, 1]);
  });

  it('allows identity columns', async () => {
    expect(await flagged(preferIdentity, 'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)')).toEqual([]);
  });

  it('points at the defining statement', async () => {
    expect(await flagged(preferIdentity, 'CREATE TABLE a (id bigint);\nCREATE TABLE b (id serial)')).toEqual([1]);
  });
});
