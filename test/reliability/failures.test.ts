// R6, the cases test/runner/failures.test.ts does not cover: step k of n fails by statement
// timeout, by running out of lock retries (exit 5, docs/decisions.md), and by a CONCURRENTLY
// index build failing — steps < k applied, k absent or `running` with guidance, > k not run;
// after the cause is fixed, `up` resumes at k and the database converges.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, inject } from 'vitest';
import { makeProject, runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { assertInvariants, converge, prefetchReference, readLedger } from '../helpers/invariants.js';
import { runChild, startCli, waitForMigratorQuery } from './support.js';

let db: TestDatabase;
let blocker: pg.Client;
beforeEach(async () => {
  db = await createTestDatabase();
  blocker = new pg.Client({ connectionString: db.url, application_name: 'r6-blocker' });
  await blocker.connect();
});
afterEach(async () => {
  await blocker.end().catch(() => undefined);
  await db.drop();
});

const adminUrl = () => inject('adminUrl');

async function ledger(): Promise<string[]> {
  return (await readLedger(db)).map((r) => `${r.id}:${r.state}${r.state === 'running' ? `:${r.stepsDone}/${r.stepsTotal}` : ''}`);
}

function threeMigrations(config: Record<string, unknown>, second = 'ALTER TABLE t ADD COLUMN note text;\n'): string {
  return makeProject({
    'safe-migrate.config.json': JSON.stringify(config),
    'migrations/0001_t.sql': 'CREATE TABLE t (id int);\nINSERT INTO t SELECT generate_series(1, 1000);\n',
    'migrations/0002_step.sql': second,
    'migrations/0003_after.sql': 'CREATE TABLE after_it (id int);\n',
  });
}

describe('step k of n fails (R6)', () => {
  it('by statement timeout: exit 4 naming the statement, k absent, k+1 not run; resumes at k', async () => {
    // lock_timeout longer than statement_timeout: the statement_timeout fires while the ALTER waits.
    const cwd = threeMigrations({ lockTimeout: '20s', statementTimeout: '300ms' });
    prefetchReference(cwd, { adminUrl: adminUrl() });
    const env = { DATABASE_URL: db.url };
    expect((await runCli(['up', '--to', '0001'], { cwd, env })).code).toBe(0);
    await blocker.query('BEGIN');
    await blocker.query('SELECT count(*) FROM t');
    const run = await runChild(['up'], { cwd, env });
    await blocker.query('ROLLBACK');
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/migrations\/0002_step\.sql:1:1: .*0002_step \(up\) failed.*canceling statement due to statement timeout \[SQLSTATE 57014\]/);
    expect(await ledger()).toEqual(['0001:applied']);
    await assertInvariants(db, `${cwd}/migrations`);
    await converge(db, cwd, { adminUrl: adminUrl() });
  });

  it('by lock retries exhausted: exit 5 naming the blocker, k absent, k+1 not run; resumes at k once the blocker ends', async () => {
    const cwd = threeMigrations({ lockTimeout: '50ms', lockRetries: 2, lockRetryBudget: '1s' });
    prefetchReference(cwd, { adminUrl: adminUrl() });
    const env = { DATABASE_URL: db.url };
    expect((await runCli(['up', '--to', '0001'], { cwd, env })).code).toBe(0);
    await blocker.query('BEGIN');
    await blocker.query('SELECT count(*) FROM t');
    const run = await runChild(['up'], { cwd, env });
    await blocker.query('ROLLBACK');
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/lock timeouts exhausted after \d+ attempts on public\.t: pid \d+ \(r6-blocker/);
    expect(await ledger()).toEqual(['0001:applied']);
    await assertInvariants(db, `${cwd}/migrations`);
    await converge(db, cwd, { adminUrl: adminUrl() });
  });

  it('a CONCURRENTLY step blocked by a writer until retries run out: exit 5, any invalid index covered by a running row; resumes', async () => {
    const cwd = threeMigrations({ lockTimeout: '100ms', lockRetries: 2, lockRetryBudget: '2s' }, 'CREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n');
    prefetchReference(cwd, { adminUrl: adminUrl() });
    const env = { DATABASE_URL: db.url };
    expect((await runCli(['up', '--to', '0001'], { cwd, env })).code).toBe(0);
    // An open writer: CREATE INDEX CONCURRENTLY takes its table lock, creates the (invalid)
    // index, then waits for this transaction — until lock_timeout.
    await blocker.query('BEGIN');
    await blocker.query('INSERT INTO t VALUES (0)');
    const run = await runChild(['up'], { cwd, env });
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toMatch(/lock timeouts exhausted/);
    // Checked while the writer is still open (so the INVALID index cannot be dropped yet): either
    // nothing is left, or the index is recorded against the running migration (I5).
    const report = await assertInvariants(db, `${cwd}/migrations`);
    const { rows } = await db.query(`SELECT to_regclass('public.t_id_idx') IS NOT NULL AS left_behind`);
    expect(report.ledger.map((r) => `${r.id}:${r.state}`)).toEqual(rows[0].left_behind ? ['0001:applied', '0002:running'] : ['0001:applied']);
    await blocker.query('ROLLBACK');
    const { runs } = await converge(db, cwd, { adminUrl: adminUrl() });
    if (rows[0].left_behind) expect(runs[0]!.stderr).toMatch(/dropped invalid index "t_id_idx"/);
  });

  it('a CONCURRENTLY step failing on duplicates in the middle of a migration: running with guidance; fixed, it resumes and stays clean', async () => {
    const cwd = makeProject({
      'migrations/0001_t.sql': 'CREATE TABLE t (id int);\nINSERT INTO t VALUES (1), (1), (2);\n',
      'migrations/0002_key.sql': 'ALTER TABLE t ADD COLUMN note text;\nCREATE UNIQUE INDEX CONCURRENTLY t_id_key ON t (id);\nALTER TABLE t ADD COLUMN other text;\n',
      'migrations/0003_after.sql': 'CREATE TABLE after_it (id int);\n',
    });
    const env = { DATABASE_URL: db.url };
    const run = await runCli(['up'], { cwd, env });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/0002_key\.sql:2:1: .*could not create unique index "t_id_key".*\[SQLSTATE 23505\]/);
    // Step 1 of 3 committed: the migration is `running`, the failed index is gone (I5), 0003 did not run.
    expect(await ledger()).toEqual(['0001:applied', '0002:running:1/3']);
    await assertInvariants(db, `${cwd}/migrations`);
    const status = await runCli(['status', '--format', 'json'], { cwd, env });
    expect(JSON.parse(status.stdout).migrations.map((m: any) => m.state)).toEqual(['applied', 'running', 'pending']);

    // The never-applied step is fixed (the statement already applied is unchanged): up resumes at step 2.
    writeFiles(cwd, { 'migrations/0002_key.sql': 'ALTER TABLE t ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY t_id_key ON t (id);\nALTER TABLE t ADD COLUMN other text;\n' });
    const resumed = await runCli(['up'], { cwd, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/0002_key: resuming interrupted migration at step 2 of 3/);
    expect(await ledger()).toEqual(['0001:applied', '0002:applied', '0003:applied']);
    // …and the next runs accept the file it finished with (no "edited" refusal).
    const status2 = await runCli(['status', '--check'], { cwd, env });
    expect(status2.code, status2.stderr).toBe(0);
    await converge(db, cwd, { adminUrl: adminUrl() });
  });

  it('a CONCURRENTLY step whose blocker is named while it waits, then completes when the blocker ends', async () => {
    const cwd = threeMigrations({ lockTimeout: '100ms' }, 'CREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n');
    const env = { DATABASE_URL: db.url };
    expect((await runCli(['up', '--to', '0001'], { cwd, env })).code).toBe(0);
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE t IN SHARE UPDATE EXCLUSIVE MODE');
    const child = startCli(['up'], { cwd, env });
    await waitForMigratorQuery(db, 'CREATE INDEX CONCURRENTLY%', { idleToo: true });
    await new Promise((r) => setTimeout(r, 600));
    await blocker.query('COMMIT');
    const run = await child.done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/lock timeout on public\.t \(attempt 1\), blocked by pid \d+ \(r6-blocker/);
    await assertInvariants(db, `${cwd}/migrations`);
  });
});
