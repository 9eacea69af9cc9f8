import { describe, expect, it } from 'vitest';
import { banChar } from './ban-char.js';
import { check, flagged } from './test-helper.js';

describe('ban-char', () => {
  it('flags char(n) and character(n)', async () => {
    const [finding] = await check(banChar, 'CREATE TABLE countries (code char(2))');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.countries.code');
    expect(await flagged(banChar, 'ALTER TABLE c ADD COLUMN x character(3); ALTER TABLE c ADD y char')).toEqual([0, 1]);
  });

  it('allows text, varchar and the internal "char" type', async () => {
    expect(await flagged(banChar, 'CREATE TABLE countries (code text, name varchar(80), flag "char")')).toEqual([]);
  });

  it('points at the defining statement', async () => {
    expect(await flagged(banChar, 'CREATE TABLE a (x text);\nALTER TABLE a ADD y char(1)')).toEqual([1]);
  });
});
