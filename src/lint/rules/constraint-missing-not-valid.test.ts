import { describe, expect, it } from 'vitest';
import { constraintMissingNotValid } from './constraint-missing-not-valid.js';
import { check, flagged } from './test-helper.js';

describe('constraint-missing-not-valid', () => {
  it('flags CHECK and FOREIGN KEY constraints added without NOT VALID', async () => {
    const [finding] = await check(constraintMissingNotValid, 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('FOREIGN KEY constraint orders_user_fk on public.orders');
    expect(await flagged(constraintMissingNotValid, 'ALTER TABLE users ADD CHECK (age > 0)')).toEqual([0]);
  });

  it('flags a new column with a REFERENCES or CHECK clause, with its own advice', async () => {
    const [finding] = await check(constraintMissingNotValid, 'ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id)');
    expect(finding?.message).toContain('public.orders.coupon_id');
    expect(finding?.help).toContain('NOT VALID');
  });

  it('allows NOT VALID, and VALIDATE CONSTRAINT', async () => {
    const sql = 'ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID; ALTER TABLE users VALIDATE CONSTRAINT age_positive';
    expect(await flagged(constraintMissingNotValid, sql)).toEqual([]);
  });

  it('allows constraints on tables created in the set, and constraints that cannot be NOT VALID', async () => {
    expect(await flagged(constraintMissingNotValid, 'CREATE TABLE t (a int CHECK (a > 0), b bigint REFERENCES users (id))')).toEqual([]);
    expect(await flagged(constraintMissingNotValid, 'ALTER TABLE t ADD CHECK (a > 0)', { earlier: ['CREATE TABLE t (a int)'] })).toEqual([]);
    expect(await flagged(constraintMissingNotValid, 'ALTER TABLE users ADD UNIQUE USING INDEX users_email_idx')).toEqual([]);
  });

  it('points at the ALTER statement', async () => {
    expect(await flagged(constraintMissingNotValid, 'ALTER TABLE users ADD CHECK (a > 0) NOT VALID;\nALTER TABLE users ADD CHECK (b > 0)')).toEqual([1]);
  });
});
