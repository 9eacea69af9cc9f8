import { describe, expect, it } from 'vitest';
import { preferRobustStatements } from './prefer-robust-statements.js';
import { check, flagged } from './test-helper.js';

const NO_TX = '-- safe-migrate:no-transaction\n';

describe('prefer-robust-statements', () => {
  it('flags non-idempotent statements in a no-transaction section', async () => {
    const sql = [
      'CREATE TABLE t (id bigint)',
      'CREATE INDEX CONCURRENTLY t_id_idx ON t (id)',
      'ALTER TABLE users ADD COLUMN notes text',
      'DROP INDEX CONCURRENTLY old_idx',
      'ALTER TABLE users DROP COLUMN legacy',
      'CREATE VIEW v AS SELECT 1',
      'CREATE SCHEMA app',
    ].join(';\n');
    expect(await flagged(preferRobustStatements, NO_TX + sql)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const [finding] = await check(preferRobustStatements, `${NO_TX}CREATE INDEX CONCURRENTLY i ON t (a)`);
    expect(finding?.message).toContain('CREATE INDEX without IF NOT EXISTS');
    const [unnamed] = await check(preferRobustStatements, `${NO_TX}CREATE INDEX CONCURRENTLY ON t (a)`);
    expect(unnamed?.message).toContain('without a name');
  });

  it('allows the idempotent forms', async () => {
    const sql = [
      'CREATE TABLE IF NOT EXISTS t (id bigint)',
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS t_id_idx ON t (id)',
      'ALTER TABLE users ADD COLUMN IF NOT EXISTS notes text',
      'DROP INDEX CONCURRENTLY IF EXISTS old_idx',
      'ALTER TABLE users DROP COLUMN IF EXISTS legacy',
      'CREATE OR REPLACE VIEW v AS SELECT 1',
      'CREATE SCHEMA IF NOT EXISTS app',
      'UPDATE users SET a = 1 WHERE id = 1',
    ].join(';\n');
    expect(await flagged(preferRobustStatements, NO_TX + sql)).toEqual([]);
  });

  it('allows anything in a transactional section, which rolls back as a whole', async () => {
    expect(await flagged(preferRobustStatements, 'CREATE TABLE t (id bigint); DROP TABLE u; CREATE INDEX CONCURRENTLY i ON t (id)')).toEqual([]);
  });

  it('points at the fragile statement', async () => {
    expect(await flagged(preferRobustStatements, `${NO_TX}CREATE TABLE IF NOT EXISTS t (id bigint);\nDROP TABLE u`)).toEqual([1]);
  });
});
