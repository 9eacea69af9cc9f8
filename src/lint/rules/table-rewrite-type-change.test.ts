import { describe, expect, it } from 'vitest';
import { isSafeCast, tableRewriteTypeChange } from './table-rewrite-type-change.js';
import { check, flagged } from './test-helper.js';

const t = (name: string, ...mods: number[]) => ({ name, mods, array: false });

describe('table-rewrite-type-change', () => {
  it('flags type changes that rewrite the table', async () => {
    const [finding] = await check(tableRewriteTypeChange, 'ALTER TABLE users ALTER COLUMN id TYPE bigint');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users.id to int8');
    expect(await flagged(tableRewriteTypeChange, 'ALTER TABLE users ALTER COLUMN at TYPE timestamptz')).toEqual([0]);
    expect(await flagged(tableRewriteTypeChange, 'ALTER TABLE users ALTER COLUMN n TYPE text USING n::text')).toEqual([0]);
  });

  it('flags narrowing when the current type is visible in the section', async () => {
    const sql = 'ALTER TABLE users ADD COLUMN code varchar(20);\nALTER TABLE users ALTER COLUMN code TYPE varchar(10)';
    expect(await flagged(tableRewriteTypeChange, sql)).toEqual([1]);
    expect(await flagged(tableRewriteTypeChange, 'ALTER TABLE users ADD n int; ALTER TABLE users ALTER n TYPE text')).toEqual([1]);
  });

  it('allows the safe widenings', async () => {
    expect(await flagged(tableRewriteTypeChange, 'ALTER TABLE users ADD code varchar(20); ALTER TABLE users ALTER code TYPE varchar(40)')).toEqual([]);
    expect(await flagged(tableRewriteTypeChange, 'ALTER TABLE users ADD code varchar(20); ALTER TABLE users ALTER code TYPE text')).toEqual([]);
    expect(await flagged(tableRewriteTypeChange, 'ALTER TABLE users ADD p numeric(10,2); ALTER TABLE users ALTER p TYPE numeric(12,2)')).toEqual([]);
  });

  it('knows the current type from an earlier file of the set (via the classifier)', async () => {
    const earlier = ['ALTER TABLE users ADD COLUMN nickname varchar(50), ADD COLUMN age int'];
    expect(await flagged(tableRewriteTypeChange, 'ALTER TABLE users ALTER nickname TYPE varchar(100)', { earlier })).toEqual([]);
    expect(await flagged(tableRewriteTypeChange, 'ALTER TABLE users ALTER age TYPE text', { earlier })).toEqual([0]);
  });

  it('reports a change whose current type is unknown offline, even towards text or varchar', async () => {
    expect(await flagged(tableRewriteTypeChange, 'ALTER TABLE users ALTER COLUMN name TYPE varchar(200)')).toEqual([0]);
  });

  it('allows any change on a table created in the set', async () => {
    expect(await flagged(tableRewriteTypeChange, 'ALTER TABLE t ALTER a TYPE bigint', { earlier: ['CREATE TABLE t (a int)'] })).toEqual([]);
  });

  it('knows the safe casts', () => {
    expect(isSafeCast(t('varchar', 10), t('varchar', 20))).toBe(true);
    expect(isSafeCast(t('varchar', 20), t('varchar', 10))).toBe(false);
    expect(isSafeCast(t('varchar', 20), t('varchar'))).toBe(true);
    expect(isSafeCast(t('varchar'), t('varchar', 20))).toBe(false);
    expect(isSafeCast(t('varchar', 20), t('text'))).toBe(true);
    expect(isSafeCast(t('bpchar', 2), t('text'))).toBe(false);
    expect(isSafeCast(t('numeric', 10, 2), t('numeric', 12, 2))).toBe(true);
    expect(isSafeCast(t('numeric', 10, 2), t('numeric', 12, 3))).toBe(false);
    expect(isSafeCast(t('numeric', 10, 2), t('numeric'))).toBe(true);
    expect(isSafeCast(t('int4'), t('int8'))).toBe(false);
    expect(isSafeCast(t('int4'), t('text'))).toBe(false);
  });
});
