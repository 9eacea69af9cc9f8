import { describe, expect, it } from 'vitest';
import { truncateCascade } from './truncate-cascade.js';
import { flagged } from './test-helper.js';

describe('truncate-cascade', () => {
  it('flags TRUNCATE … CASCADE', async () => {
    expect(await flagged(truncateCascade, 'TRUNCATE users CASCADE')).toEqual([0]);
  });

  it('flags it even on a new table: the cascade reaches tables the statement does not name', async () => {
    expect(await flagged(truncateCascade, 'CREATE TABLE t (id bigint); TRUNCATE t CASCADE')).toEqual([1]);
  });

  it('allows TRUNCATE without CASCADE (RESTRICT is the default)', async () => {
    expect(await flagged(truncateCascade, 'TRUNCATE users, orders; TRUNCATE sessions RESTRICT')).toEqual([]);
  });

  it('points at the TRUNCATE statement', async () => {
    expect(await flagged(truncateCascade, 'TRUNCATE a;\nTRUNCATE b CASCADE')).toEqual([1]);
  });
});
