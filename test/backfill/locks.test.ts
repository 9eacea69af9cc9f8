// Locks (spec §7.4, quality.md R5): a long application transaction holding a row lock makes
// the batch that needs the row time out (lock_timeout), roll back and retry, naming the blocker;
// it completes once the holder ends — or stops with exit 5 after its retry budget, the batches
// before it kept and resumable. The application never waits on the backfill for longer than a
// batch. A second backfill of the same column is refused (exit 5) naming the first.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFiles } from '../helpers/cli.js';
import { countingTable, fixture, hitHistogram, rowsDone, startCli, waitFor, type Fixture } from './support.js';

let fx: Fixture;
let app: pg.Client;
beforeEach(async () => {
  fx = await fixture();
  await countingTable(fx.db, 5_000);
  app = new pg.Client({ connectionString: fx.db.url, application_name: 'app-checkout' });
  await app.connect();
});
afterEach(async () => {
  await app.end().catch(() => undefined);
  await fx.db.drop();
});

describe('backfill under lock contention', () => {
  it('times out on a row the application holds, retries naming the blocker, and completes after it commits', async () => {
    await app.query('BEGIN');
    await app.query('UPDATE t SET v = v WHERE id = 2500');
    const run = startCli(['backfill', 't', '--set', 'c = v', '--batch-size', '500', '--pause', '0', '--lock-timeout', '100ms'], fx);
    await waitFor(async () => (await rowsDone(fx.db, 'public.t.c')) === 2_000, 20_000, 'the batches before the held row');
    await new Promise((r) => setTimeout(r, 1_000));
    await app.query('COMMIT');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^backfill public\.t\.c: lock timeout on public\.t \(attempt 1\), blocked by pid \d+ \(app-checkout: UPDATE t SET v = v WHERE id = 2500\); retrying$/m);
    expect(result.stdout).toMatch(/^backfilled 5,000 rows of public\.t\.c/m);
    // The application's own update counted once, the backfill's once more on that row only.
    expect(await hitHistogram(fx.db)).toEqual({ 1: 4_999, 2: 1 });
    expect((await fx.db.query(`SELECT count(*)::int AS n FROM t WHERE c IS DISTINCT FROM v`)).rows[0].n).toBe(0);
  });

  it('gives up with exit 5 after its retry budget, naming the blocker; the committed batches stay and a rerun resumes', async () => {
    writeFiles(fx.cwd, { 'safe-migrate.config.json': JSON.stringify({ lockTimeout: '50ms', lockRetries: 2, lockRetryBudget: '1s' }) });
    await app.query('BEGIN');
    await app.query('UPDATE t SET v = v WHERE id = 2500');
    const run = await fx.cli('backfill', 't', '--set', 'c = v', '--batch-size', '500', '--pause', '0');
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/^safe-migrate: lock timeouts exhausted after \d+ attempts on public\.t: pid \d+ \(app-checkout, idle in transaction, in transaction \d+s: UPDATE t SET v = v WHERE id = 2500\) — end or wait for the blocking transaction, then run the same backfill again: it resumes after the last committed batch/m);
    expect(await rowsDone(fx.db, 'public.t.c')).toBe(2_000);
    await app.query('COMMIT');
    const rerun = await fx.cli('backfill', 't', '--set', 'c = v', '--batch-size', '500', '--pause', '0');
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toContain('resuming after 2,000 rows (last key ["2000"])');
    expect(await hitHistogram(fx.db)).toEqual({ 1: 4_999, 2: 1 });
  });

  it('keeps the application’s lock waits under lock_timeout + 100 ms while it runs', async () => {
    const run = startCli(['backfill', 't', '--set', 'c = v', '--batch-size', '250', '--pause', '5ms'], fx);
    let worst = 0;
    let probes = 0;
    let finished = false;
    void run.done.then(() => (finished = true));
    while (!finished) {
      const id = 1 + Math.floor(Math.random() * 5_000);
      const t0 = performance.now();
      await app.query('BEGIN');
      await app.query(`SET LOCAL lock_timeout = '5s'`);
      await app.query('UPDATE t SET v = v WHERE id = $1', [id]);
      await app.query('COMMIT');
      worst = Math.max(worst, performance.now() - t0);
      probes += 1;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await run.done).code).toBe(0);
    expect(probes).toBeGreaterThan(5);
    expect(worst).toBeLessThan(600);
  });

  it('refuses a second backfill of the same column (exit 5), naming the one that holds it', async () => {
    const other = new pg.Client({ connectionString: fx.db.url, application_name: 'other-backfill' });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(x'5afe'::int, hashtext('backfill:public.t.c'))`);
      const run = await fx.cli('backfill', 't', '--set', 'c = v');
      expect(run.code).toBe(5);
      expect(run.stderr).toMatch(/^safe-migrate: another backfill of public\.t\.c is running: held by pid \d+ \(other-backfill, idle, connected \d+s, last query: SELECT pg_advisory_lock/m);
      expect(await hitHistogram(fx.db)).toEqual({ 0: 5_000 });
      // The lock is per column: another column of the same table is not held up.
      const v = await fx.cli('backfill', 't', '--set', 'v = v', '--where', 'false');
      expect(v.code).toBe(0);
    } finally {
      await other.end();
    }
  });
});
