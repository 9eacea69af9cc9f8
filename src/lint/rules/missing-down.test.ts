import { describe, expect, it } from 'vitest';
import { missingDown } from './missing-down.js';
import { check } from './test-helper.js';

describe('missing-down', () => {
  it('flags an up section of a migration without a down part, once, at file level', async () => {
    const findings = await check(missingDown, 'CREATE TABLE t (id bigint); CREATE INDEX ON t (id)', { hasDown: false });
    expect(findings).toEqual([{}]);
    expect(findings[0]?.statementIndex).toBeUndefined();
  });

  it('allows a migration with a down part', async () => {
    expect(await check(missingDown, 'CREATE TABLE t (id bigint)', { hasDown: true })).toEqual([]);
  });

  it('does not report on the down section itself', async () => {
    expect(await check(missingDown, 'DROP TABLE t', { section: 'down', hasDown: false })).toEqual([]);
  });
});
