import { describe, expect, it } from 'vitest';
import { storedGeneratedColumn } from './stored-generated-column.js';
import { check, flagged } from './test-helper.js';

describe('stored-generated-column', () => {
  it('flags adding a STORED generated column to an existing table', async () => {
    const [finding] = await check(storedGeneratedColumn, 'ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users.email_lower');
  });

  it('allows VIRTUAL generated columns and plain columns', async () => {
    expect(await flagged(storedGeneratedColumn, 'ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) VIRTUAL')).toEqual([]);
    expect(await flagged(storedGeneratedColumn, 'ALTER TABLE users ADD COLUMN email_lower text')).toEqual([]);
  });

  it('allows STORED generated columns on a new table', async () => {
    expect(await flagged(storedGeneratedColumn, 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED)')).toEqual([]);
    expect(await flagged(storedGeneratedColumn, 'ALTER TABLE t ADD b int GENERATED ALWAYS AS (a * 2) STORED', { earlier: ['CREATE TABLE t (a int)'] })).toEqual([]);
  });

  it('points at the ALTER statement', async () => {
    expect(await flagged(storedGeneratedColumn, 'SELECT 1;\nALTER TABLE users ADD b int GENERATED ALWAYS AS (a * 2) STORED')).toEqual([1]);
  });
});
