import { describe, expect, it } from 'vitest';
import { changeColumnType } from './change-column-type.js';
import { check, flagged } from './test-helper.js';

describe('change-column-type', () => {
  it('flags any in-place type change of an existing column', async () => {
    const [finding] = await check(changeColumnType, 'ALTER TABLE users ALTER COLUMN age TYPE bigint');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users.age to int8');
    // Even a catalog-only widening changes what the colours see; the gate treats it as destructive.
    expect(await flagged(changeColumnType, 'ALTER TABLE users ALTER COLUMN name TYPE varchar(200)')).toEqual([0]);
  });

  it('allows type changes of new columns and new tables', async () => {
    expect(await flagged(changeColumnType, 'ALTER TABLE users ADD COLUMN n int; ALTER TABLE users ALTER COLUMN n TYPE bigint')).toEqual([]);
    expect(await flagged(changeColumnType, 'ALTER TABLE t ALTER a TYPE text', { earlier: ['CREATE TABLE t (a int)'] })).toEqual([]);
  });

  it('allows other column changes', async () => {
    expect(await flagged(changeColumnType, "ALTER TABLE users ALTER COLUMN age SET DEFAULT 0")).toEqual([]);
  });

  it('points at the ALTER statement', async () => {
    expect(await flagged(changeColumnType, 'SELECT 1;\nALTER TABLE users ALTER age TYPE numeric')).toEqual([1]);
  });
});
