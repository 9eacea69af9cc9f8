// Interrupted and resumed, losing and duplicating nothing (spec §7.8). The SET expression is a
// counter (`hits = hits + 1`) and the condition (`true`) does not exclude rows already done, so
// only the cursor stands between a resume and a second update of a row: any row updated twice
// or never shows in the histogram. Ctrl-C (SIGINT) and SIGTERM finish the batch in flight and
// exit 130; kill -9 loses the batch in flight, whose data and cursor roll back together.
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, hitHistogram, rowsDone, startCli, waitFor, type Fixture } from './support.js';

const ROWS = 6_000;
const counter = ['backfill', 't', '--set', 'hits = hits + 1', '--where', 'true', '--batch-size', '100', '--pause', '20ms'];

let fx: Fixture;
afterEach(async () => {
  await fx?.db.drop();
});

async function counterTable(): Promise<void> {
  await fx.db.query(`CREATE TABLE t (id bigint PRIMARY KEY, hits int NOT NULL DEFAULT 0)`);
  await fx.db.query(`INSERT INTO t (id) SELECT g FROM generate_series(1, ${ROWS}) g`);
}

/** Starts the counter backfill and sends `signal` once some batches (but not all) are committed. */
async function interruptMidRun(signal: NodeJS.Signals) {
  const child = startCli(counter, fx);
  await waitFor(async () => (await rowsDone(fx.db, 'public.t.hits')) >= 1_000, 20_000, 'the first 1,000 rows');
  child.signal(signal);
  return child.done;
}

describe('interrupt and resume', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: commits the batch in flight, exits 130, and a rerun resumes with every row updated exactly once`, async () => {
      fx = await fixture();
      await counterTable();
      const stopped = await interruptMidRun(signal);
      expect(stopped.code).toBe(130);
      const m = /^interrupted after ([\d,]+) rows; run the same command again to resume$/m.exec(stopped.stderr);
      expect(m, stopped.stderr).not.toBeNull();
      const reported = Number(m![1]!.replace(/,/g, ''));
      // Nothing half-done: exactly the reported rows are updated, once, and the cursor agrees.
      expect(reported).toBeGreaterThanOrEqual(1_000);
      expect(reported).toBeLessThan(ROWS);
      expect(reported % 100).toBe(0);
      expect(await hitHistogram(fx.db)).toEqual({ 0: ROWS - reported, 1: reported });
      expect(await rowsDone(fx.db, 'public.t.hits')).toBe(reported);
      // The column's lock went with the run's connection (pg_locks is cluster-wide: this database only).
      const held = async () => (await fx.db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = x'5afe'::int AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).rows[0].n;
      await waitFor(async () => (await held()) === 0, 10_000, 'the backfill lock to be released');

      const resumed = await fx.cli(...counter);
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toContain(`backfill public.t.hits: resuming after ${reported.toLocaleString('en-US')} rows (last key ["${reported}"])`);
      expect(resumed.stdout).toContain(`backfilled ${(ROWS - reported).toLocaleString('en-US')} rows of public.t.hits`);
      expect(resumed.stdout).toContain(`; ${ROWS.toLocaleString('en-US')} rows with the earlier run(s).`);
      expect(await hitHistogram(fx.db)).toEqual({ 1: ROWS });
      expect(await rowsDone(fx.db, 'public.t.hits')).toBe(ROWS);
    });
  }

  it('kill -9 mid-batch: the batch in flight rolls back with its cursor, and a rerun still updates every row exactly once', async () => {
    fx = await fixture();
    await counterTable();
    const stopped = await interruptMidRun('SIGKILL');
    expect(stopped.signal).toBe('SIGKILL');
    // The killed client's backends go away with their connections; an open batch rolls back.
    await waitFor(async () => (await fx.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'safe-migrate/%'`)).rows[0].n === 0, 10_000, 'the killed run’s backends to end');
    const committed = await rowsDone(fx.db, 'public.t.hits');
    expect(committed).toBeGreaterThanOrEqual(1_000);
    expect(await hitHistogram(fx.db)).toEqual({ 0: ROWS - committed, 1: committed });

    const resumed = await fx.cli(...counter);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('resuming after');
    expect(await hitHistogram(fx.db)).toEqual({ 1: ROWS });
  });

  it('starts over, and says so, when the rerun’s --set or --where differ from the interrupted run’s', async () => {
    fx = await fixture();
    await counterTable();
    const stopped = await interruptMidRun('SIGINT');
    expect(stopped.code).toBe(130);
    const before = await rowsDone(fx.db, 'public.t.hits');
    const other = await fx.cli('backfill', 't', '--set', 'hits = hits + 10', '--where', 'true', '--batch-size', '1000', '--pause', '0', '--format', 'json');
    expect(other.code).toBe(0);
    expect(other.stderr).toContain('backfill public.t.hits: an unfinished earlier run used a different --set/--where (set: hits = hits + 1; where: true); starting over from the first key');
    expect(JSON.parse(other.stdout)).toMatchObject({ status: 'done', rows: ROWS, rowsTotal: ROWS, start: 'restart-changed' });
    expect(await hitHistogram(fx.db)).toEqual({ 10: ROWS - before, 11: before });
  });
});
