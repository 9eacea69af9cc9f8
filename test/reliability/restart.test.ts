// R3: PostgreSQL restarted (`pg_ctl restart -m immediate`: a crash and recovery) in the middle
// of a run. Only ever on a private throwaway cluster, never on the shared server. The run fails
// without claiming success; the next `up` converges on the schema of one clean run.
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { makeProject } from '../helpers/cli.js';
import { startThrowawayCluster } from '../helpers/postgres-server.js';
import { assertInvariants, converge, createDatabaseOn, readLedger, type ScratchDatabase } from '../helpers/invariants.js';
import { claimsDone, runChild, startCli, waitForMigratorQuery } from './support.js';

let cluster: Awaited<ReturnType<typeof startThrowawayCluster>>;
let db: ScratchDatabase;

beforeAll(async () => {
  cluster = await startThrowawayCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});
beforeEach(async () => {
  db = await createDatabaseOn(cluster.adminUrl);
});
afterEach(async () => {
  await db.drop();
});

const flagged = (seconds: number) => `SELECT pg_sleep(CASE WHEN to_regclass('public.r3_flag') IS NULL THEN 0 ELSE ${seconds} END);`;

async function ids(): Promise<string[]> {
  return (await readLedger(db)).map((r) => `${r.id}:${r.state}`);
}

/**
 * What a crash may leave of `0001` (applied, then `0002` started): 0001 committed with
 * synchronous_commit off (group commit, src/runner/durable.ts), so a crash within the WAL
 * writer's delay may lose it — whole, with its ledger row; the run then failed, so nothing
 * claimed the run done, and the next up applies it again.
 */
const SURVIVORS = ['0001:applied', ''];

function restart(): void {
  cluster.pgCtl(['restart', '-m', 'immediate']);
}

describe('PostgreSQL restarted mid-run (R3)', () => {
  it('during a transactional step: the step is absent after recovery, and the next up converges', async () => {
    const cwd = makeProject({
      'migrations/0001_a.sql': 'CREATE TABLE a (id int);\nINSERT INTO a SELECT generate_series(1, 1000);\n',
      'migrations/0002_b.sql': `CREATE TABLE b (id int);\nINSERT INTO b SELECT generate_series(1, 1000);\n${flagged(30)}\n`,
      'migrations/0003_c.sql': 'CREATE TABLE c (id int);\n',
    });
    await db.query('CREATE TABLE r3_flag ()');
    const child = startCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    await waitForMigratorQuery(db, '%pg_sleep%');
    restart();
    const run = await child.done;
    expect([4, 5]).toContain(run.code);
    expect(run.stderr).toMatch(/terminating connection|Connection terminated|database unavailable/i);
    expect(claimsDone(run, '0002_b')).toBe(false);
    expect(SURVIVORS).toContain((await ids()).join());
    await assertInvariants(db, `${cwd}/migrations`);
    await db.query('DROP TABLE r3_flag');
    await converge(db, cwd, { adminUrl: cluster.adminUrl });
    await assertInvariants(db, `${cwd}/migrations`);
  });

  it('while CREATE INDEX CONCURRENTLY waits: the invalid index is recorded running, then dropped and rebuilt', async () => {
    const cwd = makeProject({
      'migrations/0001_t.sql': 'CREATE TABLE t (id int, email text);\nINSERT INTO t SELECT g, g::text FROM generate_series(1, 5000) g;\n',
      'migrations/0002_idx.sql': 'ALTER TABLE t ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY t_email_idx ON t (email);\nALTER TABLE t ADD COLUMN other text;\n',
    });
    expect((await runChild(['up', '--to', '0001'], { cwd, env: { DATABASE_URL: db.url } })).code).toBe(0);
    const old = new pg.Client({ connectionString: db.url });
    old.on('error', () => undefined);
    await old.connect();
    await old.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await old.query('SELECT txid_current_snapshot()'); // a snapshot, and no lock on t
    const child = startCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    await waitForMigratorQuery(db, 'CREATE INDEX CONCURRENTLY%', { waiting: true });
    restart(); // ends the old snapshot too
    await old.end().catch(() => undefined);
    const run = await child.done;
    expect([4, 5]).toContain(run.code);
    expect(claimsDone(run, '0002_idx')).toBe(false);
    const report = await assertInvariants(db, `${cwd}/migrations`);
    expect(report.ledger.map((r) => `${r.id}:${r.state}:${r.stepsDone}/${r.stepsTotal}`)).toEqual(['0001:applied:1/1', '0002:running:1/3']);
    expect((await db.query(`SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.t_email_idx'::regclass`)).rows).toEqual([{ indisvalid: false }]);
    const { runs } = await converge(db, cwd, { adminUrl: cluster.adminUrl });
    expect(runs.map((r) => r.stderr).join('\n')).toMatch(/dropped invalid index "t_email_idx" left by an interrupted run/);
    await assertInvariants(db, `${cwd}/migrations`);
  });

  it('during COMMIT: the commit is lost in the crash, nothing claims success, and the next up applies it once', async () => {
    const cwd = makeProject({
      'migrations/0001_a.sql': 'CREATE TABLE a (id int);\n',
      'migrations/0002_b.sql': [
        'CREATE TABLE b (id int);',
        "CREATE FUNCTION b_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(CASE WHEN to_regclass('public.r3_flag') IS NULL THEN 0 ELSE 30 END); RETURN NULL; END $$;",
        'CREATE CONSTRAINT TRIGGER b_slow AFTER INSERT ON b DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION b_slow_commit();',
        'INSERT INTO b VALUES (1);',
        '',
      ].join('\n'),
    });
    await db.query('CREATE TABLE r3_flag ()');
    const child = startCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    await waitForMigratorQuery(db, '%COMMIT');
    restart();
    const run = await child.done;
    expect([4, 5]).toContain(run.code);
    expect(claimsDone(run, '0002_b')).toBe(false);
    expect(SURVIVORS).toContain((await ids()).join());
    await assertInvariants(db, `${cwd}/migrations`);
    await db.query('DROP TABLE r3_flag');
    await converge(db, cwd, { adminUrl: cluster.adminUrl });
    expect((await db.query('SELECT count(*)::int AS n FROM b')).rows[0].n).toBe(1);
  });
});
