import { describe, expect, it } from 'vitest';
import { preferBigint } from './prefer-bigint.js';
import { check, flagged } from './test-helper.js';

describe('prefer-bigint', () => {
  it('flags integer and smallint key columns', async () => {
    const [finding] = await check(preferBigint, 'CREATE TABLE users (id integer PRIMARY KEY, team_id int REFERENCES teams (id), age int)');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users.id (int4), public.users.team_id (int4)');
    expect(finding?.message).not.toContain('age');
  });

  it('flags serial, identity, table-level keys and *_id columns', async () => {
    expect(await flagged(preferBigint, 'CREATE TABLE a (id serial)')).toEqual([0]);
    expect(await flagged(preferBigint, 'CREATE TABLE a (n int GENERATED ALWAYS AS IDENTITY)')).toEqual([0]);
    expect(await flagged(preferBigint, 'CREATE TABLE a (code smallint, PRIMARY KEY (code))')).toEqual([0]);
    expect(await flagged(preferBigint, 'ALTER TABLE orders ADD COLUMN coupon_id int')).toEqual([0]);
  });

  it('allows bigint keys and integer non-key columns', async () => {
    expect(await flagged(preferBigint, 'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, team_id bigint, age int, score smallint)')).toEqual([]);
  });

  it('points at the defining statement', async () => {
    expect(await flagged(preferBigint, 'CREATE TABLE a (id bigint);\nALTER TABLE a ADD COLUMN b_id int')).toEqual([1]);
  });
});
