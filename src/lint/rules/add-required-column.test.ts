import { describe, expect, it } from 'vitest';
import { addRequiredColumn } from './add-required-column.js';
import { check, flagged } from './test-helper.js';

describe('add-required-column', () => {
  it('flags ADD COLUMN NOT NULL without a default', async () => {
    const [finding] = await check(addRequiredColumn, 'ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users.tenant_id');
    expect(await flagged(addRequiredColumn, 'ALTER TABLE users ADD COLUMN code text PRIMARY KEY')).toEqual([0]);
  });

  it('allows the expand step: nullable, or NOT NULL with a default', async () => {
    expect(await flagged(addRequiredColumn, 'ALTER TABLE users ADD COLUMN tenant_id bigint')).toEqual([]);
    expect(await flagged(addRequiredColumn, "ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active'")).toEqual([]);
  });

  it('allows columns PostgreSQL fills itself', async () => {
    expect(await flagged(addRequiredColumn, 'ALTER TABLE users ADD COLUMN n bigserial NOT NULL')).toEqual([]);
    expect(await flagged(addRequiredColumn, 'ALTER TABLE users ADD COLUMN n bigint NOT NULL GENERATED ALWAYS AS IDENTITY')).toEqual([]);
    expect(await flagged(addRequiredColumn, 'ALTER TABLE users ADD COLUMN n bigint NOT NULL GENERATED ALWAYS AS (id * 2) STORED')).toEqual([]);
  });

  it('allows required columns on a table created in the set, and in CREATE TABLE', async () => {
    expect(await flagged(addRequiredColumn, 'ALTER TABLE t ADD COLUMN b text NOT NULL', { earlier: ['CREATE TABLE t (a text)'] })).toEqual([]);
    expect(await flagged(addRequiredColumn, 'CREATE TABLE t2 (a text NOT NULL)')).toEqual([]);
  });

  it('points at the ALTER statement', async () => {
    expect(await flagged(addRequiredColumn, 'ALTER TABLE users ADD COLUMN a text;\nALTER TABLE users ADD COLUMN b text NOT NULL')).toEqual([1]);
  });
});
