import { describe, expect, it } from 'vitest';
import { setNotNullNeedsCheck } from './set-not-null-needs-check.js';
import { check, flagged } from './test-helper.js';

describe('set-not-null-needs-check', () => {
  it('flags SET NOT NULL with no validated NOT NULL check before it', async () => {
    const [finding] = await check(setNotNullNeedsCheck, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.users.email');
  });

  it('flags when the check is only added NOT VALID, or checks another column', async () => {
    const notValidated = 'ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID; ALTER TABLE users ALTER email SET NOT NULL';
    expect(await flagged(setNotNullNeedsCheck, notValidated)).toEqual([1]);
    const otherColumn = 'ALTER TABLE users ADD CONSTRAINT c CHECK (name IS NOT NULL) NOT VALID; ALTER TABLE users VALIDATE CONSTRAINT c; ALTER TABLE users ALTER email SET NOT NULL';
    expect(await flagged(setNotNullNeedsCheck, otherColumn)).toEqual([2]);
  });

  it('allows SET NOT NULL after validating a NOT NULL check', async () => {
    const sql = [
      'ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID',
      'ALTER TABLE users VALIDATE CONSTRAINT email_nn',
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL',
      'ALTER TABLE users DROP CONSTRAINT email_nn',
    ].join(';\n');
    expect(await flagged(setNotNullNeedsCheck, sql)).toEqual([]);
  });

  it('allows SET NOT NULL after validating a constraint added by an earlier migration', async () => {
    expect(await flagged(setNotNullNeedsCheck, 'ALTER TABLE users VALIDATE CONSTRAINT email_nn; ALTER TABLE users ALTER email SET NOT NULL')).toEqual([]);
  });

  it('allows SET NOT NULL after a NOT NULL constraint validated (PostgreSQL 18 NOT VALID NOT NULL)', async () => {
    const sql = 'ALTER TABLE users ADD CONSTRAINT email_nn NOT NULL email NOT VALID; ALTER TABLE users VALIDATE CONSTRAINT email_nn; ALTER TABLE users ALTER email SET NOT NULL';
    expect(await flagged(setNotNullNeedsCheck, sql)).toEqual([]);
  });

  it('allows SET NOT NULL on a table created in the set', async () => {
    expect(await flagged(setNotNullNeedsCheck, 'CREATE TABLE t (a int); ALTER TABLE t ALTER a SET NOT NULL')).toEqual([]);
  });
});
