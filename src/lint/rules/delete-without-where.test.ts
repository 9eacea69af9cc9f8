import { describe, expect, it } from 'vitest';
import { deleteWithoutWhere } from './delete-without-where.js';
import { check, flagged } from './test-helper.js';

describe('delete-without-where', () => {
  it('flags DELETE without WHERE', async () => {
    const [finding] = await check(deleteWithoutWhere, 'DELETE FROM app.sessions');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('app.sessions');
  });

  it('allows DELETE with WHERE', async () => {
    expect(await flagged(deleteWithoutWhere, 'DELETE FROM sessions WHERE expires_at < now()')).toEqual([]);
  });

  it('allows DELETE from a table created in the set', async () => {
    expect(await flagged(deleteWithoutWhere, 'CREATE TABLE s (a int); DELETE FROM s')).toEqual([]);
  });

  it('points at the DELETE statement', async () => {
    expect(await flagged(deleteWithoutWhere, 'DELETE FROM a WHERE id = 1;\nDELETE FROM b')).toEqual([1]);
  });

  it('flags a DELETE without WHERE in a data-modifying CTE', async () => {
    const [finding] = await check(deleteWithoutWhere, 'WITH gone AS (DELETE FROM jobs RETURNING *) INSERT INTO jobs_archive SELECT * FROM gone');
    expect(finding?.message).toContain('public.jobs');
    expect(await flagged(deleteWithoutWhere, 'WITH gone AS (DELETE FROM jobs WHERE done RETURNING *) SELECT count(*) FROM gone')).toEqual([]);
  });
});
