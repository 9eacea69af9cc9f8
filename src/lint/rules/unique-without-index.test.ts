import { describe, expect, it } from 'vitest';
import { uniqueWithoutIndex } from './unique-without-index.js';
import { check, flagged } from './test-helper.js';

describe('unique-without-index', () => {
  it('flags ADD UNIQUE and ADD PRIMARY KEY that build their index under the lock', async () => {
    const [finding] = await check(uniqueWithoutIndex, 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('UNIQUE (email) on public.users');
    expect(await flagged(uniqueWithoutIndex, 'ALTER TABLE users ADD PRIMARY KEY (id)')).toEqual([0]);
    expect(await flagged(uniqueWithoutIndex, 'ALTER TABLE users ADD COLUMN code text UNIQUE')).toEqual([0]);
  });

  it('allows attaching an index built concurrently', async () => {
    const sql = 'CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email); ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx';
    expect(await flagged(uniqueWithoutIndex, sql)).toEqual([]);
    expect(await flagged(uniqueWithoutIndex, 'ALTER TABLE users ADD PRIMARY KEY USING INDEX users_pkey_idx')).toEqual([]);
  });

  it('allows keys on a table created in the set', async () => {
    expect(await flagged(uniqueWithoutIndex, 'CREATE TABLE t (id bigint PRIMARY KEY, code text UNIQUE); ALTER TABLE t ADD UNIQUE (id, code)')).toEqual([]);
  });

  it('points at the ALTER statement', async () => {
    expect(await flagged(uniqueWithoutIndex, 'SELECT 1;\nALTER TABLE users ADD UNIQUE (email)')).toEqual([1]);
  });
});
