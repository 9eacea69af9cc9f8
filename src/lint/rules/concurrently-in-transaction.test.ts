import { describe, expect, it } from 'vitest';
import { concurrentlyInTransaction } from './concurrently-in-transaction.js';
import { check, flagged } from './test-helper.js';

describe('concurrently-in-transaction', () => {
  it('flags a CONCURRENTLY statement inside an explicit BEGIN … COMMIT', async () => {
    const sql = 'BEGIN;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nCOMMIT';
    expect(await flagged(concurrentlyInTransaction, sql)).toEqual([1]);
    expect(await flagged(concurrentlyInTransaction, 'START TRANSACTION; DROP INDEX CONCURRENTLY i; REINDEX INDEX CONCURRENTLY j; END')).toEqual([1, 2]);
  });

  it('flags other non-transactional statements with a specific message', async () => {
    const [finding] = await check(concurrentlyInTransaction, 'BEGIN; VACUUM users; COMMIT');
    expect(finding?.statementIndex).toBe(1);
    expect(finding?.message).toContain('VacuumStmt');
  });

  it('allows CONCURRENTLY statements outside an explicit transaction (safe-migrate runs them as their own steps)', async () => {
    expect(await flagged(concurrentlyInTransaction, 'ALTER TABLE users ADD COLUMN a text; CREATE INDEX CONCURRENTLY i ON users (a)')).toEqual([]);
    expect(await flagged(concurrentlyInTransaction, 'BEGIN; UPDATE t SET a = 1 WHERE id = 1; COMMIT; CREATE INDEX CONCURRENTLY i ON users (a)')).toEqual([]);
  });
});
