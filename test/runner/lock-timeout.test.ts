// Lock safety (spec §7.4, R5 short form): a long transaction holding the table makes the
// step time out and retry, releasing its locks in between; it names the blocker and
// completes once the holder ends — or fails with exit 5 after its budget.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeProject, runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
let holder: pg.Client;
beforeEach(async () => {
  db = await createTestDatabase();
  holder = new pg.Client({ connectionString: db.url, application_name: 'long-report' });
  await holder.connect();
});
afterEach(async () => {
  await holder.end().catch(() => undefined);
  await db.drop();
});

describe('lock timeouts', () => {
  it('retries while a reader holds the table, names it, and completes after it ends', async () => {
    const cwd = makeProject({ 'migrations/0001_t.sql': 'CREATE TABLE t (id int);' });
    const env = { DATABASE_URL: db.url };
    expect((await runCli(['up'], { cwd, env })).code).toBe(0);
    writeFiles(cwd, { 'migrations/0002_add.sql': 'ALTER TABLE t ADD COLUMN note text;' });
    await holder.query('BEGIN');
    await holder.query('SELECT * FROM t');
    const run = runCli(['up', '--lock-timeout', '100ms'], { cwd, env });
    setTimeout(() => void holder.query('COMMIT'), 1500);
    const up = await run;
    expect(up.code).toBe(0);
    expect(up.stderr).toMatch(/lock timeout on public\.t \(attempt 1\), blocked by pid \d+ \(long-report: SELECT \* FROM t\)/);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 't' AND column_name = 'note'`);
    expect(rows[0].n).toBe(1);
  });

  it('gives up with exit 5 after its retry budget, naming the blocker, with nothing applied', async () => {
    const cwd = makeProject({ 'migrations/0001_t.sql': 'CREATE TABLE t (id int);', 'safe-migrate.config.json': JSON.stringify({ lockTimeout: '50ms', lockRetries: 2, lockRetryBudget: '1s' }) });
    const env = { DATABASE_URL: db.url };
    expect((await runCli(['up'], { cwd, env })).code).toBe(0);
    writeFiles(cwd, { 'migrations/0002_add.sql': 'ALTER TABLE t ADD COLUMN note text;' });
    await holder.query('BEGIN');
    await holder.query('SELECT * FROM t');
    const up = await runCli(['up'], { cwd, env });
    expect(up.code).toBe(5);
    expect(up.stderr).toMatch(/lock timeouts exhausted after \d+ attempts on public\.t: pid \d+ \(long-report/);
    const ledger = await db.query(`SELECT id FROM safe_migrate.migrations ORDER BY id`);
    expect(ledger.rows.map((r) => r.id)).toEqual(['0001']);
  });
});
