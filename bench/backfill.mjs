#!/usr/bin/env node
// B7 (quality.md §4): `safe-migrate backfill` of 1,000,000 rows against a single
// `UPDATE t SET c = v`. Goal: ≥ 50k rows/s with no lock held longer than lock_timeout (500 ms).
//
// Each run gets a fresh database copied from a prepared template (table + rows + VACUUM ANALYZE,
// all untimed). While a method runs, a probe connection plays the application: every 20 ms it
// updates one random row (`UPDATE t SET v = v WHERE id = <random>`, lock_timeout 5 s) and
// records how long it waited — the longest lock held, as the application sees it. Methods are
// interleaved (A B, B A, …) for at least 3 repetitions (1M-row runs are heavy; 3 is the floor
// for a median, not the 5 of quality.md §4 — said so in the results), medians reported.
//
// Usage: npm run build && node bench/backfill.mjs [--reps 3] [--rows 1000000] [--batch-size 5000] [--pause 10ms] [--quick]
// Server: SAFE_MIGRATE_BENCH_DATABASE_URL or SAFE_MIGRATE_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres.
// Writes bench/results/backfill.json and .md (bench/results/quick/ with --quick).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, databaseUrl, dropDatabase, fail, log, median, root, runStandalone, withDatabase } from './harness.mjs';

const LOCK_TIMEOUT_MS = 500;
const GOAL_ROWS_PER_SECOND = 50_000;
const PROBE_EVERY_MS = 20;
const PROBE_LOCK_TIMEOUT_MS = 5_000;

const options = parseArgs(process.argv.slice(2));
const METHODS = ['safe-migrate backfill', 'single UPDATE'];

await runStandalone({ name: 'backfill', label: 'B7', quick: options.quick }, async ({ workDir, env, envLine }) => {
  const template = await prepareTemplate(options.rows);
  const runs = { [METHODS[0]]: [], [METHODS[1]]: [] };
  for (let rep = 0; rep < options.reps; rep++) {
    // Alternate which method goes first, so drift on the machine hits both alike.
    const order = rep % 2 === 0 ? METHODS : [...METHODS].reverse();
    for (const method of order) {
      const db = await createDatabase(template);
      try {
        const run = await measure(method, db, workDir);
        await verify(db, options.rows);
        runs[method].push(run);
        log(`  B7 rep ${rep + 1}/${options.reps} ${method}: ${run.seconds.toFixed(2)} s, ${Math.round(run.rowsPerSecond).toLocaleString('en-US')} rows/s${run.longestBatchMs === undefined ? '' : `, longest batch ${run.longestBatchMs} ms`}; app probe worst wait ${run.probe.worstMs.toFixed(0)} ms over ${run.probe.count} updates${run.probe.timeouts ? ` (${run.probe.timeouts} timed out at 5 s)` : ''}`);
      } finally {
        await dropDatabase(db);
      }
    }
  }
  await dropDatabase(template);
  const result = summarise(runs, env);
  return { result, markdown: markdown(result, envLine) };
});

function parseArgs(args) {
  const quick = args.includes('--quick');
  const value = (flag, fallback) => {
    const i = args.indexOf(flag);
    return i === -1 ? fallback : args[i + 1];
  };
  const o = {
    quick,
    reps: Number(value('--reps', quick ? 1 : 3)),
    rows: Number(value('--rows', quick ? 200_000 : 1_000_000)),
    batchSize: Number(value('--batch-size', 5_000)),
    pause: value('--pause', '10ms'),
  };
  if (!(o.reps >= 1 && o.rows >= 1 && o.batchSize >= 1)) fail('usage: node bench/backfill.mjs [--reps N] [--rows N] [--batch-size N] [--pause 10ms] [--quick]');
  return o;
}

/** The table, filled and vacuumed once; every run copies it (CREATE DATABASE … TEMPLATE). */
async function prepareTemplate(rows) {
  const name = await createDatabase();
  const t0 = Date.now();
  await withDatabase(name, async (c) => {
    await c.query('CREATE TABLE t (id bigint PRIMARY KEY, v int NOT NULL, c int)');
    await c.query('INSERT INTO t (id, v) SELECT g, (g::bigint * 7919) % 100000 FROM generate_series(1, $1::int) g', [rows]);
    await c.query('VACUUM (ANALYZE) t');
  });
  log(`bench B7: template with ${rows.toLocaleString('en-US')} rows ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (untimed)`);
  return name;
}

async function measure(method, db, workDir) {
  const probe = await startProbe(db);
  try {
    return { ...(method === METHODS[0] ? await runBackfill(db, workDir) : await runUpdate(db)), probe: await probe.stop() };
  } catch (error) {
    await probe.stop().catch(() => undefined);
    throw error;
  }
}

/** The CLI as a user runs it (in the work directory); its JSON summary gives the batch figures. */
function runBackfill(db, workDir) {
  const args = [join(root, 'bin', 'safe-migrate.js'), 'backfill', 't', '--set', 'c = v', '--batch-size', String(options.batchSize), '--pause', options.pause, '--lock-timeout', `${LOCK_TIMEOUT_MS}ms`, '--format', 'json'];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: workDir, env: { ...process.env, DATABASE_URL: databaseUrl(db), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) return reject(new Error(`backfill exited with ${code}\n${stderr}`));
      const s = JSON.parse(stdout);
      resolve({ seconds: s.seconds, wallSeconds, rows: s.rows, rowsPerSecond: s.rowsPerSecond, wallRowsPerSecond: s.rows / wallSeconds, batches: s.batches, longestBatchMs: s.longestBatchMs });
    });
  });
}

/** One statement: every row it has updated stays locked until it commits. */
async function runUpdate(db) {
  return withDatabase(db, async (c) => {
    const t0 = process.hrtime.bigint();
    const r = await c.query('UPDATE t SET c = v');
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { seconds, wallSeconds: seconds, rows: r.rowCount, rowsPerSecond: r.rowCount / seconds, wallRowsPerSecond: r.rowCount / seconds, batches: 1, longestBatchMs: Math.round(seconds * 1000) };
  });
}

/** The application: one random row every 20 ms; its worst wait is the longest lock it met. */
async function startProbe(db) {
  const client = new pg.Client({ connectionString: databaseUrl(db), application_name: 'b7-app-probe' });
  await client.connect();
  const waits = [];
  let timeouts = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const id = 1 + Math.floor(Math.random() * options.rows);
      await client.query('BEGIN');
      await client.query(`SET LOCAL lock_timeout = '${PROBE_LOCK_TIMEOUT_MS}ms'`);
      const t0 = performance.now();
      try {
        await client.query('UPDATE t SET v = v WHERE id = $1', [id]);
        waits.push(performance.now() - t0);
        await client.query('COMMIT');
      } catch (error) {
        if (error.code !== '55P03') throw error;
        timeouts += 1;
        waits.push(performance.now() - t0);
        await client.query('ROLLBACK');
      }
      await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      const sorted = [...waits].sort((a, b) => a - b);
      return { count: waits.length, timeouts, worstMs: sorted.at(-1) ?? 0, p99Ms: sorted[Math.max(0, Math.ceil(sorted.length * 0.99) - 1)] ?? 0, medianMs: median(waits.length ? waits : [0]) };
    },
  };
}

async function verify(db, rows) {
  const wrong = await withDatabase(db, (c) => c.query('SELECT count(*)::int AS n FROM t WHERE c IS DISTINCT FROM v'));
  if (wrong.rows[0].n !== 0) throw new Error(`${wrong.rows[0].n} of ${rows} rows not filled`);
}

function summarise(runs, env) {
  const med = (method, pick) => median(runs[method].map(pick));
  const stats = Object.fromEntries(
    METHODS.map((m) => [
      m,
      {
        seconds: med(m, (r) => r.seconds),
        wallSeconds: med(m, (r) => r.wallSeconds),
        rowsPerSecond: med(m, (r) => r.rowsPerSecond),
        wallRowsPerSecond: med(m, (r) => r.wallRowsPerSecond),
        batches: med(m, (r) => r.batches),
        longestBatchMsMedian: med(m, (r) => r.longestBatchMs),
        longestBatchMsMax: Math.max(...runs[m].map((r) => r.longestBatchMs)),
        probeWorstMsMedian: med(m, (r) => r.probe.worstMs),
        probeWorstMsMax: Math.max(...runs[m].map((r) => r.probe.worstMs)),
        probeP99MsMedian: med(m, (r) => r.probe.p99Ms),
        probeTimeouts: runs[m].reduce((s, r) => s + r.probe.timeouts, 0),
      },
    ]),
  );
  const b = stats[METHODS[0]];
  const goal = {
    rowsPerSecond: GOAL_ROWS_PER_SECOND,
    lockTimeoutMs: LOCK_TIMEOUT_MS,
    rateMet: b.rowsPerSecond >= GOAL_ROWS_PER_SECOND,
    batchesUnderLockTimeout: b.longestBatchMsMax < LOCK_TIMEOUT_MS,
    appWaitUnderLockTimeout: b.probeWorstMsMax < LOCK_TIMEOUT_MS,
  };
  goal.met = goal.rateMet && goal.batchesUnderLockTimeout && goal.appWaitUnderLockTimeout;
  return { benchmark: 'B7', rows: options.rows, reps: options.reps, quick: options.quick, settings: { batchSize: options.batchSize, pause: options.pause, lockTimeoutMs: LOCK_TIMEOUT_MS, probeEveryMs: PROBE_EVERY_MS }, runs, stats, goal, environment: env };
}

function markdown(r, envLine) {
  const n = (x) => Math.round(x).toLocaleString('en-US');
  const s = r.stats;
  const b = s[METHODS[0]];
  const u = s[METHODS[1]];
  const yes = (ok) => (ok ? '**met**' : '**missed**');
  return `# B7 — backfill of ${n(r.rows)} rows vs a single UPDATE

\`CREATE TABLE t (id bigint PRIMARY KEY, v int NOT NULL, c int)\` with ${n(r.rows)} rows (filled and \`VACUUM ANALYZE\`d once, untimed; every run gets a fresh copy of that database). Filling \`c = v\` with \`safe-migrate backfill t --set "c = v" --batch-size ${r.settings.batchSize} --pause ${r.settings.pause}\` (lock_timeout ${r.settings.lockTimeoutMs} ms) against one \`UPDATE t SET c = v\`. While each runs, an application probe updates one random row every ${r.settings.probeEveryMs} ms (lock_timeout 5 s) and records how long it waited: the longest lock held, as the application sees it. Medians of ${r.reps} interleaved repetition${r.reps === 1 ? '' : 's'} (A B, B A, …; no warm-up — a 1M-row run is heavy, so 3 repetitions rather than quality.md's 5)${r.quick ? ' — **quick run**, smaller table' : ''}. ${envLine}

| method | rows/s (median) | duration (median) | batches | longest batch transaction (median / max) | app probe worst wait (median / max) | app probe p99 wait | probe timeouts (≥ 5 s) |
| --- | --- | --- | --- | --- | --- | --- | --- |
| safe-migrate backfill | ${n(b.rowsPerSecond)} (whole process: ${n(b.wallRowsPerSecond)}) | ${b.seconds.toFixed(2)} s (whole process: ${b.wallSeconds.toFixed(2)} s) | ${n(b.batches)} | ${n(b.longestBatchMsMedian)} ms / ${n(b.longestBatchMsMax)} ms | ${n(b.probeWorstMsMedian)} ms / ${n(b.probeWorstMsMax)} ms | ${n(b.probeP99MsMedian)} ms | ${b.probeTimeouts} |
| single UPDATE | ${n(u.rowsPerSecond)} | ${u.seconds.toFixed(2)} s | 1 | ${n(u.longestBatchMsMedian)} ms / ${n(u.longestBatchMsMax)} ms (the whole statement) | ${n(u.probeWorstMsMedian)} ms / ${n(u.probeWorstMsMax)} ms${u.probeTimeouts ? ' (capped: the probe gives up at 5 s)' : ''} | ${n(u.probeP99MsMedian)} ms | ${u.probeTimeouts} |

rows/s of the backfill counts its batch phase (what its summary reports); "whole process" includes Node start-up, parsing, the checks, the initial \`count(*)\` and the ledger. The single UPDATE's rate is higher, but it holds every row it has touched until it commits: the application waits for (nearly) its whole duration.

Goal (quality.md B7): ≥ ${n(r.goal.rowsPerSecond)} rows/s — ${yes(r.goal.rateMet)}; every batch transaction under lock_timeout (${r.goal.lockTimeoutMs} ms) — ${yes(r.goal.batchesUnderLockTimeout)}; the application never waited on a lock as long as lock_timeout — ${yes(r.goal.appWaitUnderLockTimeout)}.
`;
}
