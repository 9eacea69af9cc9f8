import { describe, expect, it } from 'vitest';
import { preferText } from './prefer-text.js';
import { check, flagged } from './test-helper.js';

describe('prefer-text', () => {
  it('flags varchar(n)', async () => {
    const [finding] = await check(preferText, 'CREATE TABLE users (email varchar(255))');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users.email (varchar(255))');
    expect(await flagged(preferText, 'ALTER TABLE users ADD COLUMN name character varying(100)')).toEqual([0]);
  });

  it('allows text and unbounded varchar', async () => {
    expect(await flagged(preferText, 'CREATE TABLE users (email text, name varchar, CHECK (length(email) <= 255))')).toEqual([]);
  });

  it('points at the defining statement', async () => {
    expect(await flagged(preferText, 'CREATE TABLE a (x text);\nALTER TABLE a ADD y varchar(10)')).toEqual([1]);
  });
});
