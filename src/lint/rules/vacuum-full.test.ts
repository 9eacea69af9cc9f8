import { describe, expect, it } from 'vitest';
import { vacuumFull } from './vacuum-full.js';
import { flagged } from './test-helper.js';

describe('vacuum-full', () => {
  it('flags VACUUM FULL in both spellings', async () => {
    expect(await flagged(vacuumFull, 'VACUUM FULL users')).toEqual([0]);
    expect(await flagged(vacuumFull, 'VACUUM (FULL, ANALYZE) users')).toEqual([0]);
  });

  it('allows plain VACUUM, VACUUM ANALYZE and FULL false', async () => {
    expect(await flagged(vacuumFull, 'VACUUM users; VACUUM ANALYZE users; VACUUM (FULL false) users; ANALYZE users')).toEqual([]);
  });

  it('points at the VACUUM statement', async () => {
    expect(await flagged(vacuumFull, 'VACUUM users;\nVACUUM FULL users')).toEqual([1]);
  });
});
