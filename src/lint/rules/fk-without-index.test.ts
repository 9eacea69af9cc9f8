import { describe, expect, it } from 'vitest';
import { fkWithoutIndex } from './fk-without-index.js';
import { check, flagged } from './test-helper.js';

describe('fk-without-index', () => {
  it('flags a foreign key with no index on its columns', async () => {
    const [finding] = await check(fkWithoutIndex, 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID');
    expect(finding).toMatchObject({ statementIndex: 0 });
    expect(finding?.message).toContain('public.orders (user_id)');
    expect(await flagged(fkWithoutIndex, 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id))')).toEqual([0]);
    expect(await flagged(fkWithoutIndex, 'ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id)')).toEqual([0]);
  });

  it('allows a foreign key whose columns lead an index in the same migration', async () => {
    const sql = [
      'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id))',
      'CREATE INDEX orders_user_id_idx ON orders (user_id, created_at)',
    ].join(';\n');
    expect(await flagged(fkWithoutIndex, sql)).toEqual([]);
    const concurrent = 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID; CREATE INDEX CONCURRENTLY i ON orders (user_id)';
    expect(await flagged(fkWithoutIndex, concurrent)).toEqual([]);
  });

  it('accepts a primary key or unique constraint that leads with the key columns', async () => {
    expect(await flagged(fkWithoutIndex, 'CREATE TABLE members (team_id bigint REFERENCES teams (id), user_id bigint, PRIMARY KEY (team_id, user_id))')).toEqual([]);
  });

  it('does not accept an index where the key columns are not leading, or a partial index', async () => {
    expect(await flagged(fkWithoutIndex, 'ALTER TABLE o ADD FOREIGN KEY (u) REFERENCES users (id) NOT VALID; CREATE INDEX CONCURRENTLY i ON o (created_at, u)')).toEqual([0]);
    expect(await flagged(fkWithoutIndex, 'ALTER TABLE o ADD FOREIGN KEY (u) REFERENCES users (id) NOT VALID; CREATE INDEX CONCURRENTLY i ON o (u) WHERE u IS NOT NULL')).toEqual([0]);
  });

  it('points at the statement that adds the foreign key', async () => {
    const sql = 'CREATE INDEX CONCURRENTLY i ON orders (user_id);\nALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders ADD FOREIGN KEY (coupon_id) REFERENCES coupons (id) NOT VALID';
    expect(await flagged(fkWithoutIndex, sql)).toEqual([2]);
  });
});
