import { describe, expect, it } from 'vitest';
import { dropTable } from './drop-table.js';
import { check, flagged } from './test-helper.js';

describe('drop-table', () => {
  it('flags dropping an existing table', async () => {
    expect(await flagged(dropTable, 'DROP TABLE users')).toEqual([0]);
    expect(await flagged(dropTable, 'DROP TABLE IF EXISTS app.users CASCADE')).toEqual([0]);
  });

  it('names the tables in the message', async () => {
    const [finding] = await check(dropTable, 'DROP TABLE a, app.b');
    expect(finding?.message).toContain('public.a, app.b');
  });

  it('allows dropping a table created earlier in the section or the set', async () => {
    expect(await flagged(dropTable, 'CREATE TABLE tmp (id bigint); DROP TABLE tmp')).toEqual([]);
    expect(await flagged(dropTable, 'DROP TABLE tmp', { earlier: ['CREATE TABLE tmp (id bigint)'] })).toEqual([]);
  });

  it('allows dropping a temporary table created earlier', async () => {
    expect(await flagged(dropTable, 'CREATE TEMP TABLE batch AS SELECT id FROM users; DROP TABLE batch')).toEqual([]);
  });

  it('leaves other drops to other rules', async () => {
    expect(await flagged(dropTable, 'DROP VIEW v; DROP INDEX CONCURRENTLY i')).toEqual([]);
  });

  it('points at the DROP statement', async () => {
    expect(await flagged(dropTable, 'CREATE TABLE a (id bigint);\nDROP TABLE a;\nDROP TABLE b')).toEqual([2]);
  });
});
