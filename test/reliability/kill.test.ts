// R1: kill -9 the migrator at fixed fault points and at random moments; after every kill the
// invariants hold, and rerunning `up` converges on the schema of one clean run.
// Rollbacks killed at fault points are in rollback.test.ts (R9).
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, inject } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { assertInvariants, converge, plantSentinel, prefetchReference, readLedger, rememberReference, schemaDump } from '../helpers/invariants.js';
import { iterations, loopTimeout, mixedExpectations, mixedMigrations, runChild, startCli, waitForMigratorQuery } from './support.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

const adminUrl = () => inject('adminUrl');

function chainProject(): string {
  const table = (id: string, name: string) => ({ [`migrations/${id}_${name}.sql`]: `CREATE TABLE ${name} (id int);\nINSERT INTO ${name} SELECT generate_series(1, 500);\n` });
  return makeProject({
    ...table('0001', 'a'),
    ...table('0002', 'b'),
    ...table('0003', 'c'),
    ...table('0004', 'd'),
    'migrations/0005_a_idx.sql': 'CREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n',
    'migrations/0006_b_idx.sql': 'CREATE INDEX CONCURRENTLY b_id_idx ON b (id);\n',
    'migrations/0007_c_idx.sql': 'CREATE UNIQUE INDEX CONCURRENTLY c_id_key ON c (id);\n',
    'migrations/0008_d_mixed.sql': 'ALTER TABLE d ADD COLUMN x int;\nCREATE INDEX CONCURRENTLY d_x_idx ON d (x);\nALTER TABLE d ADD COLUMN y int;\n',
    'migrations/0009_e_knex.mjs': "export async function up(knex) { await knex.schema.createTable('e', (t) => { t.integer('id'); }); }\nexport async function down(knex) { await knex.schema.dropTable('e'); }\n",
    'migrations/0010_f.sql': 'CREATE TABLE f (id int);\n',
  });
}

function ledgerText(rows: Awaited<ReturnType<typeof readLedger>>): string[] {
  return rows.map((r) => `${r.id}:${r.state}${r.state === 'running' ? `:${r.stepsDone}/${r.stepsTotal}` : ''}`);
}

describe('kill -9 at fixed fault points (R1)', () => {
  it('leaves a transactional step without trace and a CONCURRENTLY step verifiable, at every point, and converges', async () => {
    const cwd = chainProject();
    prefetchReference(cwd, { adminUrl: adminUrl() });
    const dir = `${cwd}/migrations`;
    const env = { DATABASE_URL: db.url };
    const applied = (ids: string[]) => ids.map((id) => `${id}:applied`);
    // Each run recovers what the previous kill left and is then killed at the next point.
    const chain: Array<[fault: string, ledger: string[], resumed?: RegExp]> = [
      ['before-lock:kill', []],
      ['after-ddl:kill:0001', []],
      ['before-commit:kill:0002', applied(['0001'])],
      ['after-commit:kill:0003', applied(['0001', '0002', '0003'])],
      // CONCURRENTLY: the `running` row is committed before the statement runs.
      ['after-ddl:kill:0005', [...applied(['0001', '0002', '0003', '0004']), '0005:running:0/1']],
      ['before-commit:kill:0006', [...applied(['0001', '0002', '0003', '0004', '0005']), '0006:running:0/1'], /0005_a_idx: resuming interrupted migration/],
      ['after-commit:kill:0007', applied(['0001', '0002', '0003', '0004', '0005', '0006', '0007']), /0006_b_idx: resuming interrupted migration/],
      // A migration mixing both: killed after its first (transactional) step's DDL.
      ['after-ddl:kill:0008', [...applied(['0001', '0002', '0003', '0004', '0005', '0006', '0007']), '0008:running:0/3']],
      // A knex module's transaction.
      ['before-commit:kill:0009', applied(['0001', '0002', '0003', '0004', '0005', '0006', '0007', '0008']), /0008_d_mixed: resuming interrupted migration/],
    ];
    for (const [fault, ledger, resumed] of chain) {
      const run = await runChild(['up'], { cwd, env: { ...env, SAFE_MIGRATE_FAULT: fault } });
      expect(run.signal, `${fault}: the run should have been killed (exit ${run.code}: ${run.stderr})`).toBe('SIGKILL');
      if (resumed) expect(run.stderr, fault).toMatch(resumed);
      expect(ledgerText(await readLedger(db)), fault).toEqual(ledger);
      await assertInvariants(db, dir);
      if (fault === 'after-ddl:kill:0008') {
        // Its first (transactional) step rolled back, so nothing of it exists yet.
        const { rows } = await db.query(`SELECT to_regclass('public.d_x_idx') IS NULL AS no_index, NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'd' AND column_name = 'x') AS no_column`);
        expect(rows[0]).toEqual({ no_index: true, no_column: true });
      }
    }

    const { runs } = await converge(db, cwd, { adminUrl: adminUrl() });
    expect(runs[0]!.code).toBe(0);
    await assertInvariants(db, dir);
    expect(ledgerText(await readLedger(db))).toEqual(applied(['0001', '0002', '0003', '0004', '0005', '0006', '0007', '0008', '0009', '0010']));
  });

  it('rebuilds the invalid index a kill leaves while CREATE INDEX CONCURRENTLY waits for an old transaction', async () => {
    const cwd = makeProject({
      'migrations/0001_t.sql': 'CREATE TABLE t (id int, email text);\nINSERT INTO t SELECT g, g::text FROM generate_series(1, 2000) g;\n',
      'migrations/0002_idx.sql': 'CREATE INDEX CONCURRENTLY t_email_idx ON t (email);\n',
      'migrations/0003_more.sql': 'ALTER TABLE t ADD COLUMN note text;\n',
    });
    prefetchReference(cwd, { adminUrl: adminUrl() });
    const env = { DATABASE_URL: db.url };
    expect((await runCli(['up', '--to', '0001'], { cwd, env })).code).toBe(0);
    // An old snapshot makes CREATE INDEX CONCURRENTLY wait in its last phase, with its index INVALID.
    const old = new pg.Client({ connectionString: db.url, application_name: 'old-snapshot' });
    await old.connect();
    try {
      await old.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await old.query('SELECT count(*) FROM t');
      const child = startCli(['up'], { cwd, env });
      await waitForMigratorQuery(db, 'CREATE INDEX CONCURRENTLY%', { waiting: true });
      child.kill();
      expect((await child.done).signal).toBe('SIGKILL');
      // The orphaned backend must go (client_connection_check_interval) even though the snapshot is still held.
      const report = await assertInvariants(db, `${cwd}/migrations`);
      expect(ledgerText(report.ledger)).toEqual(['0001:applied', '0002:running:0/1']);
      expect((await db.query(`SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.t_email_idx'::regclass`)).rows).toEqual([{ indisvalid: false }]);
    } finally {
      await old.end();
    }
    const { runs } = await converge(db, cwd, { adminUrl: adminUrl() });
    expect(runs[0]!.stderr).toMatch(/dropped invalid index "t_email_idx" left by an interrupted run or attempt; building it again/);
    await assertInvariants(db, `${cwd}/migrations`);
  });
});

describe('kill -9 at random moments (R1 loop)', () => {
  const count = iterations(8, 60);
  it(`keeps I1–I5 after each of ${count} random kills of an up of a mixed set, and converges (I7)`, async () => {
    const cwd = makeProject(mixedMigrations());
    const expectations = mixedExpectations();
    // One clean run: the reference schema (I7), and the timings the kills are spread over:
    // start-up (read, plan, lock) until the internal tables appear, then the work.
    const clean = await timedUp(cwd, db);
    expect(clean.run.code, clean.run.stderr).toBe(0);
    rememberReference(cwd, { adminUrl: adminUrl() }, await schemaDump(db));
    const outcomes: string[] = [];
    for (let i = 0; i < count; i++) {
      const target = await createTestDatabase();
      try {
        const sentinel = await plantSentinel(target);
        // Mostly during the work; every fourth kill during start-up, planning or the lock.
        const duringStartup = i % 4 === 3;
        const delay = Math.round(Math.random() * (duringStartup ? clean.startupMs : clean.workMs * 0.9));
        const { run } = await timedUp(cwd, target, { killAfterMs: delay, fromStart: duringStartup });
        if (run.signal === null) expect(run.code, run.stderr).toBe(0); // it finished before the kill
        const after = await assertInvariants(target, expectations, { sentinel });
        outcomes.push(`${duringStartup ? 'start-up' : 'work'} +${delay} ms: ${run.signal ?? `exit ${run.code}`} → ${ledgerText(after.ledger).join(' ') || 'nothing recorded'}`);
        await converge(target, cwd, { adminUrl: adminUrl() });
        await assertInvariants(target, expectations, { sentinel });
      } finally {
        await target.drop();
      }
    }
    console.log(`random kills (${count}; start-up ≈ ${clean.startupMs} ms, work ≈ ${clean.workMs} ms):\n  ${outcomes.join('\n  ')}`);
    // The loop is only worth something if kills landed mid-run.
    expect(outcomes.filter((o) => o.includes('SIGKILL') && /applied|running/.test(o)).length).toBeGreaterThan(0);
  }, loopTimeout(12_000, 8, 60));
});

/**
 * Runs `up` on a fresh database, noting when its internal tables appear (the lock is held and
 * the work starts). With killAfterMs it is killed that long after that moment (or after its
 * start, with fromStart).
 */
async function timedUp(cwd: string, target: { url: string }, kill?: { killAfterMs: number; fromStart: boolean }) {
  const watcher = new pg.Client({ connectionString: target.url, application_name: 'kill-loop-watcher' });
  await watcher.connect();
  try {
    const started = Date.now();
    const child = startCli(['up'], { cwd, env: { DATABASE_URL: target.url } });
    let timer: NodeJS.Timeout | undefined;
    if (kill?.fromStart) timer = setTimeout(() => child.kill(), kill.killAfterMs);
    let workStarted: number | undefined;
    let exited = false;
    void child.done.then(() => (exited = true));
    while (!exited && workStarted === undefined) {
      const { rows } = await watcher.query(`SELECT to_regclass('safe_migrate.migrations') IS NOT NULL AS e`);
      if (rows[0].e) workStarted = Date.now();
      else await new Promise((r) => setTimeout(r, 10));
    }
    if (kill && !kill.fromStart && workStarted !== undefined) timer = setTimeout(() => child.kill(), kill.killAfterMs);
    const run = await child.done;
    clearTimeout(timer);
    const startupMs = (workStarted ?? Date.now()) - started;
    return { run, startupMs, workMs: Math.max(100, started + run.ms - (workStarted ?? started)) };
  } finally {
    await watcher.end();
  }
}
