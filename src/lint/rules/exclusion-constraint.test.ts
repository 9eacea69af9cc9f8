import { describe, expect, it } from 'vitest';
import { exclusionConstraint } from './exclusion-constraint.js';
import { check, flagged } from './test-helper.js';

describe('exclusion-constraint', () => {
  it('flags adding an exclusion constraint to an existing table', async () => {
    const [finding] = await check(exclusionConstraint, 'ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.bookings');
  });

  it('allows an exclusion constraint on a new table', async () => {
    expect(await flagged(exclusionConstraint, 'CREATE TABLE b (room int, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&))')).toEqual([]);
    expect(await flagged(exclusionConstraint, 'ALTER TABLE b ADD EXCLUDE USING gist (during WITH &&)', { earlier: ['CREATE TABLE b (during tstzrange)'] })).toEqual([]);
  });

  it('allows other constraints', async () => {
    expect(await flagged(exclusionConstraint, 'ALTER TABLE bookings ADD CHECK (room > 0) NOT VALID')).toEqual([]);
  });

  it('points at the ALTER statement', async () => {
    expect(await flagged(exclusionConstraint, 'SELECT 1;\nALTER TABLE b ADD EXCLUDE USING gist (during WITH &&)')).toEqual([1]);
  });
});
