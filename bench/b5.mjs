#!/usr/bin/env node
// B5 (quality.md §4): application latency while a 4 s reader blocks the table and a migration
// adds a column. Goal: with safe-migrate's defaults (lock_timeout 500 ms + retries) the app's
// worst latency stays ≤ lock_timeout + 100 ms (600 ms) and the migration still completes; knex
// with its defaults (no lock_timeout) queues its ALTER behind the reader and every app query
// behind the ALTER.
//
// Scenario (one run; every run gets a fresh copy of a prepared database, untimed):
//   t = 0      8 "app" connections start short autocommit queries in a loop for 8 s: a random
//              point `SELECT v FROM t WHERE id = $1` or `UPDATE t SET v = v + 1 WHERE id = $1`
//              (50/50), 5 ms think time, each query's latency recorded with its start time;
//   t = 1 s    a "reader" opens a transaction, `SELECT count(*) FROM t`, then `pg_sleep(4)`
//              while holding it (ACCESS SHARE on t until t ≈ 5 s);
//   t = 1.5 s  the tool's CLI is started to apply one migration, `ALTER TABLE t ADD COLUMN note text`.
// A monitor connection samples pg_locks on t every 50 ms (who waits for what), and the
// benchmark's own event-loop lag is recorded (it would inflate every latency alike).
// Tools run interleaved (A B, B A, …), 1 warm-up round + 5 measured rounds; medians reported.
//
// Usage: npm run build && node bench/b5.mjs [--reps 5] [--warmup 1] [--quick]
//        (or `node bench/run.mjs b5`)
// Server: SAFE_MIGRATE_BENCH_DATABASE_URL or SAFE_MIGRATE_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres.
// Writes bench/results/b5.json and .md (bench/results/quick/ with --quick).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { bin, killRunning, knexEnv, knexfileText, percentileOf, runProcess, safeMigrateBin, tailLines } from './b5-proc.mjs';
import { createDatabase, databaseUrl, dropDatabase, log, median, parseRoundArgs, runStandalone, withDatabase } from './harness.mjs';

const ROWS = 10_000;
const APP_CONNECTIONS = 8;
const DURATION_MS = 8_000;
const THINK_MS = 5;
const READER_AT_MS = 1_000;
const READER_HOLD_S = 4;
const MIGRATE_AT_MS = 1_500;
const MONITOR_EVERY_MS = 50;
const LOCK_TIMEOUT_MS = 500; // safe-migrate's default (docs/decisions.md "Lock strategy")
const GOAL_MAX_MS = LOCK_TIMEOUT_MS + 100;
const MIGRATION_TIME_LIMIT_MS = 90_000;
const BUCKETS = [10, 50, 100, 250, 500, 600, 1000, 2000, Infinity];
const MIGRATION_SQL = 'ALTER TABLE t ADD COLUMN note text';
const TOOLS = ['safe-migrate', 'knex'];

const options = parseRoundArgs(process.argv.slice(2), { script: 'b5.mjs', reps: 5 });

const command = {
  'safe-migrate': (ws, url) => ({ command: process.execPath, args: [safeMigrateBin, 'up', '--database', url, '--dir', ws.sqlDir], env: {} }),
  knex: (ws, url) => ({ command: process.execPath, args: [bin('knex'), 'migrate:latest', '--knexfile', ws.knexfile], env: knexEnv(url) }),
};

await runStandalone({ name: 'b5', label: 'B5', quick: options.quick, onAbort: killRunning, noteOtherClients: true }, async ({ workDir, env, envLine }) => {
  const ws = writeWorkspace(workDir);
  const template = await prepareTemplate();
  const runs = Object.fromEntries(TOOLS.map((t) => [t, []]));
  const warmups = [];
  for (let round = -options.warmup; round < options.reps; round++) {
    const order = (round + options.warmup) % 2 === 0 ? TOOLS : [...TOOLS].reverse();
    for (const tool of order) {
      const db = await createDatabase(template);
      let run;
      try {
        run = await scenario(tool, db, ws);
      } finally {
        await dropDatabase(db);
      }
      const phase = round < 0 ? 'warm-up' : `rep ${round + 1}/${options.reps}`;
      log(
        `  B5 ${phase} ${tool}: app max ${run.app.maxMs.toFixed(0)} ms, p99 ${run.app.p99Ms.toFixed(1)} ms, ${run.app.over1s} > 1 s, ${run.app.queries} queries; ` +
          `migration ${run.migration.completed ? 'completed' : `NOT completed (exit ${run.migration.exit})`} in ${run.migration.seconds.toFixed(2)} s (done at t=${run.migration.doneAtS.toFixed(2)} s, ${run.migration.attempts} attempt(s)); ` +
          `event-loop lag max ${run.eventLoopLagMaxMs.toFixed(0)} ms`,
      );
      if (!run.migration.completed) log(`    output: ${run.migration.outputTail}`);
      if (round >= 0) runs[tool].push({ rep: round + 1, ...run });
      else warmups.push({ tool, ...summaryOf(run) });
    }
  }
  await dropDatabase(template);
  const result = summarise(runs, env, warmups);
  return { result, markdown: markdown(result, envLine) };
});

function writeWorkspace(dir) {
  const sqlDir = join(dir, 'sql');
  const knexDir = join(dir, 'knex');
  mkdirSync(sqlDir, { recursive: true });
  mkdirSync(knexDir, { recursive: true });
  writeFileSync(join(sqlDir, '0001_add_note.sql'), `${MIGRATION_SQL};\n`);
  writeFileSync(
    join(knexDir, '0001_add_note.cjs'),
    `exports.up = (knex) => knex.raw(${JSON.stringify(MIGRATION_SQL)});\nexports.down = (knex) => knex.raw('ALTER TABLE t DROP COLUMN note');\n`,
  );
  const knexfile = join(dir, 'knexfile.cjs');
  writeFileSync(knexfile, knexfileText(knexDir));
  return { dir, sqlDir, knexDir, knexfile };
}

async function prepareTemplate() {
  const db = await createDatabase();
  await withDatabase(db, async (client) => {
    await client.query('CREATE TABLE t (id bigint PRIMARY KEY, v int NOT NULL)');
    await client.query('INSERT INTO t SELECT g, 0 FROM generate_series(1, $1::int) g', [ROWS]);
    await client.query('VACUUM ANALYZE t');
  });
  return db;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

async function scenario(tool, db, ws) {
  const url = databaseUrl(db);
  const connect = async (name) => {
    const client = new pg.Client({ connectionString: url, application_name: name });
    await client.connect();
    return client;
  };
  const apps = await Promise.all(Array.from({ length: APP_CONNECTIONS }, (_, i) => connect(`b5-app-${i + 1}`)));
  const reader = await connect('b5-reader');
  const monitor = await connect('b5-monitor');
  try {
    // Bounded even if something goes wrong: no app query may wait longer than 60 s.
    for (const app of apps) await app.query('SET statement_timeout = 60000');
    await reader.query('SET statement_timeout = 60000');
    const ours = new Map();
    for (const [client, role] of [...apps.map((a) => [a, 'app']), [reader, 'reader'], [monitor, 'monitor']]) {
      ours.set((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid, role);
    }
    const tOid = (await monitor.query(`SELECT 't'::regclass::oid AS oid`)).rows[0].oid;
    const select = { name: 'b5-select', text: 'SELECT v FROM t WHERE id = $1' };
    const update = { name: 'b5-update', text: 'UPDATE t SET v = v + 1 WHERE id = $1' };
    // Untimed: prepare both statements on every connection.
    for (const app of apps) {
      await app.query({ ...select, values: [1] });
      await app.query({ ...update, values: [1] });
    }

    const t0 = performance.now();
    const end = t0 + DURATION_MS;
    const latencies = []; // [start s, latency ms, 0 select | 1 update]
    const worker = async (client) => {
      while (performance.now() < end) {
        const id = 1 + Math.floor(Math.random() * ROWS);
        const isUpdate = Math.random() < 0.5 ? 1 : 0;
        const s = performance.now();
        await client.query({ ...(isUpdate ? update : select), values: [id] });
        latencies.push([(s - t0) / 1000, performance.now() - s, isUpdate]);
        await sleep(THINK_MS);
      }
    };
    let lagMax = 0;
    let lagExpected = performance.now() + 20;
    const lagTimer = setInterval(() => {
      const now = performance.now();
      lagMax = Math.max(lagMax, now - lagExpected);
      lagExpected = now + 20;
    }, 20);

    const readerTask = (async () => {
      await sleep(t0 + READER_AT_MS - performance.now());
      const start = performance.now();
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM t');
      await reader.query(`SELECT pg_sleep(${READER_HOLD_S})`);
      await reader.query('COMMIT');
      return { startS: (start - t0) / 1000, endS: (performance.now() - t0) / 1000 };
    })();

    const migrationTask = (async () => {
      await sleep(t0 + MIGRATE_AT_MS - performance.now());
      const c = command[tool](ws, url);
      return runProcess(c.command, c.args, { cwd: ws.dir, env: c.env, timeoutMs: MIGRATION_TIME_LIMIT_MS });
    })();

    let monitoring = true;
    const lockSamples = [];
    const monitorTask = (async () => {
      while (monitoring) {
        const s = performance.now();
        const { rows } = await monitor.query(
          `SELECT l.pid, l.mode, l.granted FROM pg_locks l WHERE l.locktype = 'relation' AND l.relation = $1 AND l.pid <> pg_backend_pid()`,
          [tOid],
        );
        const sample = { t: Number(((s - t0) / 1000).toFixed(3)), appWaiting: 0, migrator: [], reader: false };
        for (const r of rows) {
          const role = ours.get(r.pid) ?? 'migrator';
          if (role === 'app' && !r.granted) sample.appWaiting++;
          else if (role === 'reader' && r.granted) sample.reader = true;
          else if (role === 'migrator') sample.migrator.push(`${r.mode.replace(/Lock$/, '')}${r.granted ? '' : ' (waiting)'}`);
        }
        lockSamples.push(sample);
        await sleep(MONITOR_EVERY_MS - (performance.now() - s));
      }
    })();

    // Nothing may reject unobserved (e.g. while the workers' Promise.all has already failed).
    for (const task of [readerTask, migrationTask, monitorTask]) task.catch(() => undefined);
    try {
      await Promise.all(apps.map(worker));
    } finally {
      monitoring = false;
      clearInterval(lagTimer);
    }
    const proc = await migrationTask;
    const readerTimes = await readerTask;
    await monitorTask;

    const column = Number(
      (await monitor.query(`SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 't' AND column_name = 'note'`)).rows[0].n,
    );
    const output = `${proc.stdout}\n${proc.stderr}`;
    const lockTimeouts = (output.match(/lock timeout on/g) ?? []).length;
    const migration = {
      exit: proc.timedOut ? `killed after ${MIGRATION_TIME_LIMIT_MS / 1000} s` : (proc.code ?? proc.signal),
      completed: proc.code === 0 && column === 1,
      columnAdded: column === 1,
      seconds: (proc.endedAt - proc.startedAt) / 1000,
      startS: (proc.startedAt - t0) / 1000,
      doneAtS: (proc.endedAt - t0) / 1000,
      attempts: tool === 'safe-migrate' ? lockTimeouts + (proc.code === 0 ? 1 : 0) : 1,
      lockTimeoutsReported: lockTimeouts,
      outputTail: tailLines(output, 4),
      output: output.trim().split('\n').slice(-30).join('\n'),
    };
    return { app: appStats(latencies), migration, reader: readerTimes, locks: lockStats(lockSamples), lockSamples: compressSamples(lockSamples), eventLoopLagMaxMs: lagMax };
  } finally {
    for (const client of [...apps, reader, monitor]) await client.end().catch(() => undefined);
  }
}

function appStats(latencies) {
  const sorted = latencies.map((l) => l[1]).sort((a, b) => a - b);
  const histogram = BUCKETS.map(() => 0);
  for (const ms of sorted) histogram[BUCKETS.findIndex((b) => ms < b)]++;
  // Worst latency per 0.5 s window of query start: where in the scenario the app stalled.
  const windows = Array.from({ length: Math.ceil(DURATION_MS / 500) }, () => null);
  let worst = latencies[0];
  for (const l of latencies) {
    const w = Math.min(windows.length - 1, Math.floor(l[0] * 2));
    windows[w] = Math.max(windows[w] ?? 0, l[1]);
    if (l[1] > worst[1]) worst = l;
  }
  return {
    queries: sorted.length,
    perSecond: sorted.length / (DURATION_MS / 1000),
    p50Ms: percentileOf(sorted, 50),
    p99Ms: percentileOf(sorted, 99),
    maxMs: sorted[sorted.length - 1],
    over500: sorted.filter((ms) => ms > 500).length,
    over1s: sorted.filter((ms) => ms > 1000).length,
    worstStartedAtS: worst[0],
    worstWasUpdate: worst[2] === 1,
    histogram,
    worstPerHalfSecondMs: windows.map((v) => (v === null ? null : Math.round(v))),
    stalled: stallIntervals(latencies),
  };
}

/** Intervals during which at least one app query was waiting > 100 ms: [start s, end s, queries]. */
function stallIntervals(latencies) {
  const slow = latencies.filter((l) => l[1] > 100).map((l) => [l[0], l[0] + l[1] / 1000]).sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const [s, e] of slow) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) {
      last[1] = Math.max(last[1], e);
      last[2]++;
    } else out.push([s, e, 1]);
  }
  return out.map(([s, e, n]) => ({ fromS: Number(s.toFixed(3)), toS: Number(e.toFixed(3)), ms: Math.round((e - s) * 1000), queries: n }));
}

/** From the 50 ms pg_locks samples: how often and how long the migrator waited for / held its lock on t. */
function lockStats(samples) {
  const runs = (predicate) => {
    const out = [];
    let open;
    for (const s of samples) {
      if (predicate(s)) {
        if (!open) out.push((open = { fromS: s.t, toS: s.t }));
        else open.toS = s.t;
      } else open = undefined;
    }
    return out;
  };
  const waits = runs((s) => s.migrator.some((m) => m.endsWith('(waiting)')));
  const holds = runs((s) => s.migrator.some((m) => m.startsWith('AccessExclusive') && !m.endsWith('(waiting)')));
  return {
    migratorWaits: waits.length,
    migratorLongestWaitMs: Math.max(0, ...waits.map((w) => Math.round((w.toS - w.fromS) * 1000 + MONITOR_EVERY_MS))),
    migratorHeldAccessExclusiveSamples: holds.reduce((n, h) => n + Math.round((h.toS - h.fromS) * 1000 / MONITOR_EVERY_MS) + 1, 0),
    maxAppWaiting: Math.max(0, ...samples.map((s) => s.appWaiting)),
    migratorModes: [...new Set(samples.flatMap((s) => s.migrator))],
    waits,
  };
}

/** Keeps only the samples where something changed (for the JSON). */
function compressSamples(samples) {
  const out = [];
  let prev;
  for (const s of samples) {
    const key = `${s.appWaiting}|${s.reader}|${s.migrator.join(',')}`;
    if (key !== prev) out.push(s);
    prev = key;
  }
  return out;
}

function summaryOf(run) {
  return { appMaxMs: run.app.maxMs, p99Ms: run.app.p99Ms, over1s: run.app.over1s, completed: run.migration.completed, seconds: run.migration.seconds, attempts: run.migration.attempts };
}

function summarise(runs, env, warmups) {
  const tools = {};
  for (const [tool, list] of Object.entries(runs)) {
    const m = (f) => median(list.map(f));
    tools[tool] = {
      runs: list.length,
      appMaxMs: { median: m((r) => r.app.maxMs), min: Math.min(...list.map((r) => r.app.maxMs)), max: Math.max(...list.map((r) => r.app.maxMs)) },
      p99Ms: m((r) => r.app.p99Ms),
      p50Ms: m((r) => r.app.p50Ms),
      over500: m((r) => r.app.over500),
      over1s: m((r) => r.app.over1s),
      queriesPerSecond: m((r) => r.app.perSecond),
      completed: list.filter((r) => r.migration.completed).length,
      migrationSeconds: m((r) => r.migration.seconds),
      doneAtS: m((r) => r.migration.doneAtS),
      attempts: m((r) => r.migration.attempts),
      eventLoopLagMaxMs: Math.max(...list.map((r) => r.eventLoopLagMaxMs)),
      histogram: BUCKETS.map((_, i) => list.reduce((n, r) => n + r.app.histogram[i], 0)),
      medianRun: list.slice().sort((a, b) => a.app.maxMs - b.app.maxMs)[(list.length - 1) >> 1],
    };
  }
  const sm = tools['safe-migrate'];
  const goal = {
    maxMs: GOAL_MAX_MS,
    medianMet: sm.appMaxMs.median <= GOAL_MAX_MS && sm.completed === sm.runs,
    runsWithinGoal: runs['safe-migrate'].filter((r) => r.app.maxMs <= GOAL_MAX_MS && r.migration.completed).length,
  };
  goal.met = goal.medianMet;
  return {
    benchmark: 'B5',
    title: 'app latency while a 4 s reader blocks the table and a migration adds a column',
    setup: { rows: ROWS, appConnections: APP_CONNECTIONS, durationMs: DURATION_MS, thinkMs: THINK_MS, readerAtMs: READER_AT_MS, readerHoldS: READER_HOLD_S, migrateAtMs: MIGRATE_AT_MS, migration: MIGRATION_SQL, monitorEveryMs: MONITOR_EVERY_MS },
    reps: options.reps,
    warmup: options.warmup,
    quick: options.quick,
    environment: env,
    goal,
    tools,
    warmups,
    runs,
  };
}

function ms(v) {
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`;
}

function markdown(result, envLine) {
  const lines = [
    '# B5 — app latency while a 4 s reader blocks the table and a migration adds a column',
    '',
    `Table \`t (id bigint primary key, v int)\` with ${ROWS.toLocaleString('en-US')} rows, a fresh copy per run. ${APP_CONNECTIONS} app connections run random point \`SELECT v FROM t WHERE id = $1\` / \`UPDATE t SET v = v + 1 WHERE id = $1\` (50/50, autocommit, ${THINK_MS} ms think time) for ${DURATION_MS / 1000} s; at t=${READER_AT_MS / 1000} s a reader runs \`BEGIN; SELECT count(*) FROM t; SELECT pg_sleep(${READER_HOLD_S})\` (ACCESS SHARE until t≈${READER_AT_MS / 1000 + READER_HOLD_S} s); at t=${MIGRATE_AT_MS / 1000} s the tool's CLI starts and applies \`${MIGRATION_SQL}\`. safe-migrate: \`safe-migrate up --database … --dir …\` with its defaults (lock_timeout ${LOCK_TIMEOUT_MS} ms per attempt, backoff 200 ms doubling ±50 %); knex: \`knex migrate:latest\` with defaults (no lock_timeout). Tools interleaved, ${result.warmup} warm-up + ${result.reps} measured round(s); medians. ${envLine}`,
    '',
    '| tool | app max (median) | app max, min–max over runs | p99 | p50 | app queries > 500 ms | > 1 s | app queries/s | migration completed | migration duration | done at | attempts |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [tool, s] of Object.entries(result.tools)) {
    lines.push(
      `| ${tool} | **${ms(s.appMaxMs.median)}** | ${ms(s.appMaxMs.min)}–${ms(s.appMaxMs.max)} | ${ms(s.p99Ms)} | ${ms(s.p50Ms)} | ${s.over500} | ${s.over1s} | ${Math.round(s.queriesPerSecond)} | ${s.completed}/${s.runs} | ${s.migrationSeconds.toFixed(2)} s | t=${s.doneAtS.toFixed(2)} s | ${s.attempts} |`,
    );
  }
  lines.push(
    '',
    '"migration duration": the tool\'s whole process, from its start at t=1.5 s to its exit (Node start-up included); "done at": its exit on the scenario clock (the reader commits at t≈5 s). "attempts": safe-migrate\'s reported lock timeouts + the successful attempt; knex makes one. Counts are medians per run.',
    '',
    'Per run:',
    '',
    '| tool | run | app max | worst query started at | p99 | > 500 ms | > 1 s | app stalls > 100 ms (from–to, queries) | migration | duration | attempts | migrator lock waits seen (50 ms samples) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const [tool, list] of Object.entries(result.runs)) {
    for (const r of list) {
      const stalls = r.app.stalled.map((s) => `${s.fromS.toFixed(2)}–${s.toS.toFixed(2)} s (${s.queries})`).join(', ') || 'none';
      const waits = r.locks.waits.map((w) => `${w.fromS.toFixed(2)}–${(w.toS + MONITOR_EVERY_MS / 1000).toFixed(2)} s`).join(', ') || 'none';
      lines.push(
        `| ${tool} | ${r.rep} | ${ms(r.app.maxMs)} | t=${r.app.worstStartedAtS.toFixed(2)} s (${r.app.worstWasUpdate ? 'UPDATE' : 'SELECT'}) | ${ms(r.app.p99Ms)} | ${r.app.over500} | ${r.app.over1s} | ${stalls} | ${r.migration.completed ? 'completed' : `**not completed** (exit ${r.migration.exit})`} | ${r.migration.seconds.toFixed(2)} s | ${r.migration.attempts} | ${waits} |`,
      );
    }
  }
  const labels = BUCKETS.map((b, i) => (i === 0 ? `< ${b} ms` : b === Infinity ? `≥ ${BUCKETS[i - 1] / 1000} s` : `${ms(BUCKETS[i - 1])}–${ms(b)}`));
  lines.push('', `App latency histogram (all queries of the ${result.reps} measured run(s)):`, '', `| tool | ${labels.join(' | ')} |`, `| --- |${labels.map(() => ' --- |').join('')}`);
  for (const [tool, s] of Object.entries(result.tools)) lines.push(`| ${tool} | ${s.histogram.join(' | ')} |`);
  const windows = Array.from({ length: Math.ceil(DURATION_MS / 500) }, (_, i) => `${(i / 2).toFixed(1)}`);
  lines.push('', 'Worst app latency by half-second of query start, in the run with the median app max ("–": no query started, every connection was waiting):', '', `| tool | ${windows.map((w) => `t=${w}`).join(' | ')} |`, `| --- |${windows.map(() => ' --- |').join('')}`);
  for (const [tool, s] of Object.entries(result.tools)) lines.push(`| ${tool} | ${s.medianRun.app.worstPerHalfSecondMs.map((v) => (v === null ? '–' : ms(v))).join(' | ')} |`);
  lines.push('', `Benchmark event-loop lag (inflates every latency alike): at most ${Math.round(Math.max(...Object.values(result.tools).map((s) => s.eventLoopLagMaxMs)))} ms in any measured run.`);
  const g = result.goal;
  lines.push(
    '',
    `Goal (quality.md B5): safe-migrate's app max ≤ lock_timeout + 100 ms = ${g.maxMs} ms and the migration completes — **${g.met ? 'met' : 'missed'}** (median app max ${ms(result.tools['safe-migrate'].appMaxMs.median)}; ${g.runsWithinGoal}/${result.reps} runs within the goal and completed).`,
  );
  return `${lines.join('\n')}\n`;
}
