import { describe, expect, it } from 'vitest';
import { addWriteRestriction } from './add-write-restriction.js';
import { check, flagged } from './test-helper.js';

describe('add-write-restriction', () => {
  it('flags new CHECK, UNIQUE, PRIMARY KEY, FOREIGN KEY and EXCLUDE constraints on an existing table', async () => {
    const sql = [
      'ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID',
      'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)',
      'ALTER TABLE users ADD PRIMARY KEY (id)',
      'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID',
      'ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)',
    ].join(';\n');
    expect(await flagged(addWriteRestriction, sql)).toEqual([0, 1, 2, 3, 4]);
  });

  it('flags a new unique index, concurrent or not', async () => {
    const [finding] = await check(addWriteRestriction, 'CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email)');
    expect(finding?.message).toContain('unique index users_email_idx on public.users');
  });

  it('describes the constraint', async () => {
    const [finding] = await check(addWriteRestriction, 'ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID');
    expect(finding?.message).toContain('CHECK constraint age_positive on public.users');
  });

  it('allows attaching an existing unique index, validating, and plain indexes', async () => {
    const sql = [
      'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx',
      'ALTER TABLE users VALIDATE CONSTRAINT age_positive',
      'CREATE INDEX CONCURRENTLY users_name_idx ON users (name)',
    ].join(';\n');
    expect(await flagged(addWriteRestriction, sql)).toEqual([]);
  });

  it('allows constraints on a table created in the set', async () => {
    expect(await flagged(addWriteRestriction, 'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0); CREATE UNIQUE INDEX i ON t (a)', { earlier: ['CREATE TABLE t (a int)'] })).toEqual([]);
    expect(await flagged(addWriteRestriction, 'CREATE TABLE t2 (a int UNIQUE CHECK (a > 0))')).toEqual([]);
  });

  it('points at the statement that adds the restriction', async () => {
    expect(await flagged(addWriteRestriction, 'ALTER TABLE users ADD COLUMN age int;\nALTER TABLE users ADD CHECK (age > 0) NOT VALID')).toEqual([1]);
  });
});
