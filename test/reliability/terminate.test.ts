// R2: the migrator's connection is terminated (pg_terminate_backend) while it waits for the
// migration lock, runs DDL, writes the ledger and commits: a clear error, a non-zero exit, no
// success claimed for an unknown outcome — and the next run resolves it from the ledger.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, inject } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { assertInvariants, converge, prefetchReference, readLedger } from '../helpers/invariants.js';
import { allMigratorPids, claimsDone, startCli, terminate, waitForMigratorQuery } from './support.js';

let db: TestDatabase;
let other: pg.Client;
beforeEach(async () => {
  db = await createTestDatabase();
  other = new pg.Client({ connectionString: db.url, application_name: 'r2-other-session' });
  await other.connect();
});
afterEach(async () => {
  await other.end().catch(() => undefined);
  await db.drop();
});

const adminUrl = () => inject('adminUrl');

/** A statement that sleeps only while the test's flag table exists, so reruns are quick. */
const sleepWhileFlagged = (seconds: number) => `SELECT pg_sleep(CASE WHEN to_regclass('public.r2_flag') IS NULL THEN 0 ELSE ${seconds} END);`;

function project(second: string): string {
  return makeProject({
    'migrations/0001_a.sql': 'CREATE TABLE a (id int);\nINSERT INTO a SELECT generate_series(1, 100);\n',
    'migrations/0002_b.sql': second,
    'migrations/0003_c.sql': 'CREATE TABLE c (id int);\n',
  });
}

async function ids(): Promise<string[]> {
  return (await readLedger(db)).map((r) => `${r.id}:${r.state}`);
}

describe('the migrator connection terminated (R2)', () => {
  it('while waiting for the migration lock: exit 5 naming the lost connection, nothing applied; the next run applies', async () => {
    const cwd = project('CREATE TABLE b (id int);\n');
    prefetchReference(cwd, { adminUrl: adminUrl() });
    await other.query(`SELECT pg_advisory_lock(${0x5afe}, hashtext('safe_migrate'))`);
    const child = startCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    // Its lock session polls pg_try_advisory_lock (idle between polls).
    await waitForMigratorQuery(db, '%pg_try_advisory_lock%', { idleToo: true });
    await terminate(db, await allMigratorPids(db));
    const run = await child.done;
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/database unavailable: .*(terminat|connection error)/i);
    expect(run.stderr.trim().split('\n').filter((l) => l.startsWith('safe-migrate:'))).toHaveLength(1);
    expect(claimsDone(run, '0002_b')).toBe(false);
    await other.query(`SELECT pg_advisory_unlock_all()`);
    expect(await ids()).toEqual([]);
    await assertInvariants(db, `${cwd}/migrations`);
    await converge(db, cwd, { adminUrl: adminUrl() });
  });

  it('during a long DDL step: non-zero exit naming the migration, its transaction rolled back; the next run applies it', async () => {
    const cwd = project(`CREATE TABLE b (id int);\n${sleepWhileFlagged(30)}\nINSERT INTO b VALUES (1);\n`);
    prefetchReference(cwd, { adminUrl: adminUrl() });
    await other.query('CREATE TABLE r2_flag ()');
    const child = startCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    const pid = await waitForMigratorQuery(db, '%pg_sleep%');
    await terminate(db, [pid]);
    const run = await child.done;
    expect(run.code).not.toBe(0);
    expect([4, 5]).toContain(run.code);
    expect(run.stderr).toMatch(/0002_b.*terminating connection due to administrator command/);
    expect(claimsDone(run, '0002_b')).toBe(false);
    expect(await ids()).toEqual(['0001:applied']);
    await assertInvariants(db, `${cwd}/migrations`);
    await other.query('DROP TABLE r2_flag');
    await converge(db, cwd, { adminUrl: adminUrl() });
  });

  it('while the ledger write waits: non-zero exit, the step absent from the ledger and the catalog; the next run applies it', async () => {
    const cwd = project('CREATE TABLE b (id int);\n');
    prefetchReference(cwd, { adminUrl: adminUrl() });
    expect((await runCli(['up', '--to', '0001'], { cwd, env: { DATABASE_URL: db.url } })).code).toBe(0);
    await other.query('BEGIN');
    await other.query('LOCK TABLE safe_migrate.migrations IN SHARE MODE');
    const child = startCli(['up', '--lock-timeout', '30s'], { cwd, env: { DATABASE_URL: db.url } });
    const pid = await waitForMigratorQuery(db, 'WITH first_write AS (INSERT INTO "safe_migrate".migrations%', { waiting: true });
    await terminate(db, [pid]);
    const run = await child.done;
    await other.query('ROLLBACK');
    expect([4, 5]).toContain(run.code);
    expect(run.stderr).toMatch(/terminating connection due to administrator command/);
    expect(claimsDone(run, '0002_b')).toBe(false);
    expect(await ids()).toEqual(['0001:applied']);
    await assertInvariants(db, `${cwd}/migrations`);
    await converge(db, cwd, { adminUrl: adminUrl() });
  });

  it('during COMMIT: says the outcome must be read from the ledger, claims nothing; the next run resolves it', async () => {
    // A deferred constraint trigger makes COMMIT itself slow while the flag table exists.
    const cwd = project(
      [
        'CREATE TABLE b (id int);',
        "CREATE FUNCTION b_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(CASE WHEN to_regclass('public.r2_flag') IS NULL THEN 0 ELSE 30 END); RETURN NULL; END $$;",
        'CREATE CONSTRAINT TRIGGER b_slow AFTER INSERT ON b DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION b_slow_commit();',
        'INSERT INTO b VALUES (1);',
        '',
      ].join('\n'),
    );
    prefetchReference(cwd, { adminUrl: adminUrl() });
    await other.query('CREATE TABLE r2_flag ()');
    const child = startCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    // The ledger writes and COMMIT go in one batch; wait for 0002's (0001's commits quickly).
    const pid = await waitForMigratorQuery(db, `%'0002'%COMMIT`);
    await terminate(db, [pid]);
    const run = await child.done;
    expect([4, 5]).toContain(run.code);
    expect(run.stderr).toMatch(/0002_b.*terminating connection/);
    expect(run.stderr).toMatch(/connection was lost while committing.*safe-migrate status/);
    expect(claimsDone(run, '0002_b')).toBe(false);
    // The server never finished that COMMIT: the ledger says so, and the catalog agrees.
    expect(await ids()).toEqual(['0001:applied']);
    await assertInvariants(db, `${cwd}/migrations`);
    await other.query('DROP TABLE r2_flag');
    await converge(db, cwd, { adminUrl: adminUrl() });
  });

  it('the lock connection lost inside a multi-step migration: its next step is not started either', async () => {
    const cwd = project(`CREATE TABLE b (id int);\n${sleepWhileFlagged(2)}\nCREATE INDEX CONCURRENTLY b_id_idx ON b (id);\n`);
    prefetchReference(cwd, { adminUrl: adminUrl() });
    await other.query('CREATE TABLE r2_flag ()');
    const child = startCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    await waitForMigratorQuery(db, '%pg_sleep%');
    const { rows } = await db.query(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`, [0x5afe]);
    await terminate(db, [rows[0].pid]);
    await other.query('DROP TABLE r2_flag');
    const run = await child.done;
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toMatch(/lost the connection holding the migration lock/);
    // The first step committed with its progress; the CONCURRENTLY step never started.
    expect(await ids()).toEqual(['0001:applied', '0002:running']);
    expect((await db.query(`SELECT to_regclass('public.b_id_idx') AS idx`)).rows[0].idx).toBeNull();
    await assertInvariants(db, `${cwd}/migrations`);
    await converge(db, cwd, { adminUrl: adminUrl() });
  });

  it('the lock connection lost mid-run: the run starts no further migration without the lock', async () => {
    const cwd = project(`CREATE TABLE b (id int);\n${sleepWhileFlagged(2)}\n`);
    prefetchReference(cwd, { adminUrl: adminUrl() });
    await other.query('CREATE TABLE r2_flag ()');
    const child = startCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    await waitForMigratorQuery(db, '%pg_sleep%');
    // The session holding the advisory lock (not the one working) is terminated.
    const { rows } = await db.query(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`, [0x5afe]);
    expect(rows).toHaveLength(1);
    await terminate(db, [rows[0].pid]);
    await other.query('DROP TABLE r2_flag');
    const run = await child.done;
    // Without the lock a concurrent run could apply the same migrations: 0003 must not be started.
    expect(run.code, run.stderr).not.toBe(0);
    expect(run.stderr).toMatch(/migration lock/);
    expect(await ids()).not.toContain('0003:applied');
    await assertInvariants(db, `${cwd}/migrations`);
    await converge(db, cwd, { adminUrl: adminUrl() });
  });
});
