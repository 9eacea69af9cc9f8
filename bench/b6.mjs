#!/usr/bin/env node
// B6 (quality.md §4): 8 concurrent `up` processes against one fresh database, 20 small
// migrations, one of them `CREATE INDEX CONCURRENTLY` (the step that deadlocks against a
// migrator blocked in `pg_advisory_lock`, reliability-perf.md §1.3). Goal: safe-migrate 0
// failures, 0 deadlocks, every migration applied exactly once.
//
// The migrations (the same SQL for every tool):
//   0001  CREATE TABLE items (50,000 rows) and a log table `applied_log`, logging 1
//   00NN  CREATE TABLE t_NN (…); INSERT INTO applied_log VALUES (NN)          (NN = 2…20, not 10)
//   0010  CREATE INDEX CONCURRENTLY items_v_idx ON items (v)                   (outside a transaction)
// applied_log counts how often each transactional migration really committed, independently
// of the tool's ledger. Per tool: safe-migrate plain `.sql` files (it runs CONCURRENTLY as an
// autocommit step by itself); knex `.cjs` files doing `knex.raw(sql)`, the index one with
// `exports.config = { transaction: false }`; node-pg-migrate `.sql` files and, for the index,
// a `.cjs` file calling `pgm.noTransaction()` (its SQL files always run in a transaction), run
// with its default `--advisory-lock-mode fail` and with `wait` (blocking pg_advisory_lock).
//
// One run: a fresh database; the 8 processes started at once; wall time from the first start
// to the last exit. Then, untimed: exit codes, 40P01 / "deadlock detected" in each process's
// output (and pg_stat_database.deadlocks), the ledger (rows, duplicates), applied_log, the
// tables and the index (present, valid), invalid indexes left; then one more `up` of the same
// tool, to see whether the database converges unattended. 1 warm-up + 10 measured rounds.
//
// Usage: npm run build && node bench/b6.mjs [--reps 10] [--warmup 1] [--quick]
//        (or `node bench/run.mjs b6`)
// Server: SAFE_MIGRATE_BENCH_DATABASE_URL or SAFE_MIGRATE_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres.
// Writes bench/results/b6.json and .md (bench/results/quick/ with --quick).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, killRunning, knexEnv, knexfileText, runProcess, safeMigrateBin, tailLines } from './b5-proc.mjs';
import { adminQuery, createDatabase, databaseUrl, dropDatabase, log, median, parseRoundArgs, runStandalone, withDatabase } from './harness.mjs';

const PROCESSES = 8;
const MIGRATIONS = 20;
const INDEX_MIGRATION = 10;
const ITEMS_ROWS = 50_000;
const PROCESS_TIME_LIMIT_MS = 180_000;
const DEADLOCK = /40P01|deadlock detected/i;

// 10 rounds by default: the outcomes are races, and the rare ones (a CIC deadlock victim, a
// duplicated knex lock row) show up in a few percent of runs.
const options = parseRoundArgs(process.argv.slice(2), { script: 'b6.mjs', reps: 10 });

const pad = (i) => String(i).padStart(4, '0');
const migrationName = (i) => (i === 1 ? `${pad(i)}_create_items` : i === INDEX_MIGRATION ? `${pad(i)}_index_items_v` : `${pad(i)}_create_t_${i}`);
function migrationSql(i) {
  if (i === 1)
    return (
      'CREATE TABLE items (id bigint PRIMARY KEY, v int NOT NULL);\n' +
      `INSERT INTO items SELECT g, g % 1000 FROM generate_series(1, ${ITEMS_ROWS}) g;\n` +
      'CREATE TABLE applied_log (migration int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());\n' +
      'INSERT INTO applied_log (migration) VALUES (1);\n'
    );
  if (i === INDEX_MIGRATION) return 'CREATE INDEX CONCURRENTLY items_v_idx ON items (v);\n';
  return `CREATE TABLE t_${i} (id bigint PRIMARY KEY, name text, created_at timestamptz DEFAULT now());\nINSERT INTO applied_log (migration) VALUES (${i});\n`;
}
const downSql = (i) => (i === 1 ? 'DROP TABLE applied_log; DROP TABLE items;' : i === INDEX_MIGRATION ? 'DROP INDEX CONCURRENTLY items_v_idx;' : `DROP TABLE t_${i};`);

const TOOLS = {
  'safe-migrate': {
    command: (ws, url) => ({ command: process.execPath, args: [safeMigrateBin, 'up', '--database', url, '--dir', ws.sqlDir], env: {} }),
    ledger: 'safe_migrate.migrations',
    ledgerName: 'name',
    noop: /Nothing to apply/,
    ledgerWhere: `state = 'applied'`,
    // Every applied migration also writes one `up` audit event in its own final transaction.
    extraDuplicates: `SELECT target AS name, count(*)::int AS n FROM safe_migrate.events WHERE action = 'up' GROUP BY target HAVING count(*) > 1`,
    extraDuplicatesTable: 'safe_migrate.events',
    extraCount: `SELECT count(DISTINCT target)::int AS n FROM safe_migrate.events WHERE action = 'up'`,
  },
  knex: {
    command: (ws, url) => ({ command: process.execPath, args: [bin('knex'), 'migrate:latest', '--knexfile', ws.knexfile], env: knexEnv(url) }),
    ledger: 'knex_migrations',
    ledgerName: `regexp_replace(name, '\\.cjs$', '')`,
    noop: /Already up to date/,
  },
  'node-pg-migrate': {
    command: (ws, url) => ({ command: process.execPath, args: [bin('node-pg-migrate'), 'up', '-m', ws.npgDir, '-d', 'BENCH_DATABASE_URL'], env: { BENCH_DATABASE_URL: url } }),
    ledger: 'pgmigrations',
    ledgerName: 'name',
    noop: /No migrations to run/,
  },
  'node-pg-migrate --advisory-lock-mode wait': {
    command: (ws, url) => ({
      command: process.execPath,
      args: [bin('node-pg-migrate'), 'up', '-m', ws.npgDir, '-d', 'BENCH_DATABASE_URL', '--advisory-lock-mode', 'wait'],
      env: { BENCH_DATABASE_URL: url },
    }),
    ledger: 'pgmigrations',
    ledgerName: 'name',
    noop: /No migrations to run/,
  },
};
const toolNames = Object.keys(TOOLS);

await runStandalone({ name: 'b6', label: 'B6', quick: options.quick, onAbort: killRunning, noteOtherClients: true }, async ({ workDir, env, envLine }) => {
  const ws = writeWorkspace(workDir);
  const runs = Object.fromEntries(toolNames.map((t) => [t, []]));
  const warmups = [];
  for (let round = -options.warmup; round < options.reps; round++) {
    const phase = round < 0 ? 'warm-up' : `rep ${round + 1}/${options.reps}`;
    // Rotate the order every round, so drift on the machine hits every tool alike.
    const k = (round + options.warmup) % toolNames.length;
    for (const tool of [...toolNames.slice(k), ...toolNames.slice(0, k)]) {
      const db = await createDatabase();
      let run;
      try {
        run = await concurrentUp(tool, db, ws);
      } finally {
        await dropDatabase(db);
      }
      log(
        `  B6 ${phase} ${tool}: ${run.failed}/${PROCESSES} failed, ${run.deadlocks} with 40P01, ledger ${run.check.ledgerRows} rows (${run.check.ledgerDistinct} distinct), ` +
          `exactly once: ${run.check.exactlyOnce ? 'yes' : 'NO'}, index ${run.check.index}, ${run.check.invalidIndexes} invalid, ${run.wallSeconds.toFixed(2)} s; next up: ${run.next.summary}`,
      );
      for (const [reason, n] of Object.entries(run.failureReasons)) log(`    ${n}× ${reason}`);
      if (round >= 0) runs[tool].push({ rep: round + 1, ...run });
      else warmups.push({ tool, failed: run.failed, deadlocks: run.deadlocks, exactlyOnce: run.check.exactlyOnce, wallSeconds: run.wallSeconds });
    }
  }
  const result = summarise(runs, env, warmups);
  return { result, markdown: markdown(result, envLine) };
});

function writeWorkspace(dir) {
  const sqlDir = join(dir, 'sql');
  const knexDir = join(dir, 'knex');
  const npgDir = join(dir, 'node-pg-migrate');
  for (const d of [sqlDir, knexDir, npgDir]) mkdirSync(d, { recursive: true });
  for (let i = 1; i <= MIGRATIONS; i++) {
    const name = migrationName(i);
    const sql = migrationSql(i);
    writeFileSync(join(sqlDir, `${name}.sql`), sql);
    const noTx = i === INDEX_MIGRATION;
    writeFileSync(
      join(knexDir, `${name}.cjs`),
      `${noTx ? 'exports.config = { transaction: false };\n' : ''}exports.up = (knex) => knex.raw(${JSON.stringify(sql)});\nexports.down = (knex) => knex.raw(${JSON.stringify(downSql(i))});\n`,
    );
    if (noTx) {
      writeFileSync(
        join(npgDir, `${name}.cjs`),
        `exports.up = (pgm) => {\n  pgm.noTransaction();\n  pgm.sql(${JSON.stringify(sql)});\n};\nexports.down = (pgm) => {\n  pgm.noTransaction();\n  pgm.sql(${JSON.stringify(downSql(i))});\n};\n`,
      );
    } else {
      writeFileSync(join(npgDir, `${name}.sql`), `-- Up Migration\n${sql}\n-- Down Migration\n${downSql(i)}\n`);
    }
  }
  const knexfile = join(dir, 'knexfile.cjs');
  writeFileSync(knexfile, knexfileText(knexDir));
  return { dir, sqlDir, knexDir, npgDir, knexfile };
}

/**
 * What made a process fail, in one line: its first error line ("error: …", "Error: …",
 * "MigrationLocked: …"), with the statement it was executing when the tool says so, and
 * numbers, pids and durations masked so that equal reasons group together.
 */
function failureReason(proc) {
  if (proc.timedOut) return `killed after ${PROCESS_TIME_LIMIT_MS / 1000} s`;
  const lines = `${proc.stderr}\n${proc.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const executing = lines.findIndex((l) => /^Error executing:?$/i.test(l));
  const errorLine = (l) => /^([A-Za-z]*Error|error|MigrationLocked|LockError)\b[^:]{0,40}:/.test(l) && !/^Error executing/i.test(l);
  let line = lines.find((l) => errorLine(l) && DEADLOCK.test(l)) ?? lines.find(errorLine) ?? lines.find((l) => /fail|refus|cannot|already/i.test(l)) ?? lines[lines.length - 1] ?? `exit ${proc.code}`;
  // knex reports "<the SQL> - <the server's message>": keep the message.
  const dash = line.lastIndexOf(' - ');
  if (/^error: /i.test(line) && dash > 0) line = `error: ${line.slice(dash + 3)}`;
  if (executing >= 0 && lines[executing + 1]) line += ` (executing \`${lines[executing + 1].slice(0, 60)}\`)`;
  return line
    .replace(/\b(pid|process|transaction) \d+/gi, '$1 N')
    .replace(/bench_[0-9a-f]+/g, 'bench_…')
    .replace(/\b\d+(\.\d+)? ?(ms|s)\b/g, 'T')
    .slice(0, 200);
}

async function concurrentUp(tool, db, ws) {
  const url = databaseUrl(db);
  const c = TOOLS[tool].command(ws, url);
  const procs = await Promise.all(Array.from({ length: PROCESSES }, () => runProcess(c.command, c.args, { cwd: ws.dir, env: c.env, timeoutMs: PROCESS_TIME_LIMIT_MS })));
  const first = Math.min(...procs.map((p) => p.startedAt));
  const last = Math.max(...procs.map((p) => p.endedAt));
  const failedProcs = procs.filter((p) => p.code !== 0);
  const failureReasons = {};
  for (const p of failedProcs) {
    const reason = failureReason(p);
    failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
  }
  // Processes that exited 0 having found nothing to do (they waited for, or came after, the one
  // that applied the migrations), and the time of the process(es) that did apply them.
  const noopProcs = procs.filter((p) => p.code === 0 && TOOLS[tool].noop.test(`${p.stdout}\n${p.stderr}`));
  const appliers = procs.filter((p) => p.code === 0 && !noopProcs.includes(p));
  const check = await inspect(tool, db);
  const serverDeadlocks = Number((await adminQuery('SELECT pg_stat_clear_snapshot(), deadlocks FROM pg_stat_database WHERE datname = $1', [db])).rows[0]?.deadlocks ?? 0);
  // One more `up` of the same tool, alone: does the database converge unattended?
  const again = await runProcess(c.command, c.args, { cwd: ws.dir, env: c.env, timeoutMs: PROCESS_TIME_LIMIT_MS });
  const after = await inspect(tool, db);
  const next = {
    exit: again.timedOut ? 'killed' : again.code,
    complete: after.complete,
    exactlyOnce: after.exactlyOnce,
    reason: again.code === 0 ? undefined : failureReason(again),
    summary: `${again.code === 0 ? 'exit 0' : `exit ${again.timedOut ? 'killed' : again.code} (${failureReason(again)})`}${after.exactlyOnce ? ', then exactly once' : after.complete ? ', then complete' : ', still incomplete'}`,
  };
  return {
    wallSeconds: (last - first) / 1000,
    failed: failedProcs.length,
    noops: noopProcs.length,
    appliers: appliers.length,
    applierSeconds: appliers.length ? Math.max(...appliers.map((p) => (p.endedAt - p.startedAt) / 1000)) : null,
    deadlocks: procs.filter((p) => DEADLOCK.test(`${p.stdout}\n${p.stderr}`)).length,
    serverDeadlocks,
    failureReasons,
    processes: procs.map((p) => ({ exit: p.timedOut ? 'killed' : (p.code ?? p.signal), seconds: Number(((p.endedAt - p.startedAt) / 1000).toFixed(3)), outputTail: tailLines(`${p.stdout}\n${p.stderr}`, 3) })),
    check,
    next,
  };
}

/** What the database holds after the run: ledger, applied_log, tables and index. */
function inspect(tool, db) {
  const t = TOOLS[tool];
  return withDatabase(db, async (client) => {
    const exists = async (name) => (await client.query('SELECT to_regclass($1) IS NOT NULL AS e', [name])).rows[0].e;
    let ledger = [];
    if (await exists(t.ledger)) {
      ledger = (await client.query(`SELECT ${t.ledgerName} AS name, count(*)::int AS n FROM ${t.ledger}${t.ledgerWhere ? ` WHERE ${t.ledgerWhere}` : ''} GROUP BY 1 ORDER BY 1`)).rows;
    }
    const expected = Array.from({ length: MIGRATIONS }, (_, k) => migrationName(k + 1));
    const ledgerRows = ledger.reduce((s, r) => s + r.n, 0);
    const ledgerDuplicates = ledger.filter((r) => r.n > 1).map((r) => `${r.name}×${r.n}`);
    const missingFromLedger = expected.filter((name) => !ledger.some((r) => r.name === name));
    let extraDuplicates = [];
    let extraCount = MIGRATIONS;
    if (t.extraDuplicates) {
      const has = await exists(t.extraDuplicatesTable);
      extraDuplicates = has ? (await client.query(t.extraDuplicates)).rows.map((r) => `${r.name}×${r.n}`) : [];
      extraCount = has ? (await client.query(t.extraCount)).rows[0].n : 0;
    }
    let log = [];
    if (await exists('public.applied_log')) log = (await client.query('SELECT migration, count(*)::int AS n FROM applied_log GROUP BY 1')).rows;
    const logged = expected.map((_, k) => k + 1).filter((i) => i !== INDEX_MIGRATION);
    const logDuplicates = log.filter((r) => r.n > 1).map((r) => `${r.migration}×${r.n}`);
    const logMissing = logged.filter((i) => !log.some((r) => r.migration === i));
    const tables = Number((await client.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public' AND (tablename ~ '^t_[0-9]+$' OR tablename IN ('items', 'applied_log'))`)).rows[0].n);
    const indexRow = (await client.query(`SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass('public.items_v_idx')`)).rows[0];
    const index = indexRow ? (indexRow.indisvalid ? 'valid' : 'INVALID') : 'missing';
    const invalidIndexes = Number((await client.query('SELECT count(*) AS n FROM pg_index WHERE NOT indisvalid')).rows[0].n);
    // The tool's lock as the next run finds it: advisory locks still held on this database (by
    // anyone but us), and knex's lock table (`is_locked` per row; more than one row means every
    // later `UPDATE … SET is_locked = 1 WHERE is_locked = 0` changes 2 rows and knex reports "locked").
    const advisory = Number((await client.query(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).rows[0].n);
    let lockLeft = advisory ? `${advisory} advisory lock(s) held` : 'none';
    if (await exists('public.knex_migrations_lock')) {
      const rows = (await client.query('SELECT is_locked FROM knex_migrations_lock ORDER BY 1')).rows.map((r) => r.is_locked);
      if (rows.length !== 1 || rows[0] !== 0) lockLeft = `knex_migrations_lock: ${rows.length} row(s), is_locked = ${rows.join(', ') || '–'}`;
    }
    const complete = missingFromLedger.length === 0 && logMissing.length === 0 && tables === MIGRATIONS && index === 'valid';
    const exactlyOnce = complete && ledgerDuplicates.length === 0 && extraDuplicates.length === 0 && extraCount === MIGRATIONS && logDuplicates.length === 0 && ledgerRows === MIGRATIONS;
    return { ledgerRows, extraCount, ledgerDistinct: ledger.length, ledgerDuplicates, extraDuplicates, missingFromLedger, logDuplicates, logMissing, tables, index, invalidIndexes, lockLeft, complete, exactlyOnce };
  });
}

function summarise(runs, env, warmups) {
  const tools = {};
  for (const [tool, list] of Object.entries(runs)) {
    const reasons = {};
    for (const r of list) for (const [reason, n] of Object.entries(r.failureReasons)) reasons[reason] = (reasons[reason] ?? 0) + n;
    tools[tool] = {
      runs: list.length,
      failedMedian: median(list.map((r) => r.failed)),
      failedTotal: list.reduce((s, r) => s + r.failed, 0),
      noopsMedian: median(list.map((r) => r.noops)),
      applierSecondsMedian: list.some((r) => r.applierSeconds !== null) ? median(list.filter((r) => r.applierSeconds !== null).map((r) => r.applierSeconds)) : null,
      deadlocksTotal: list.reduce((s, r) => s + r.deadlocks, 0),
      serverDeadlocksTotal: list.reduce((s, r) => s + r.serverDeadlocks, 0),
      exactlyOnceRuns: list.filter((r) => r.check.exactlyOnce).length,
      completeRuns: list.filter((r) => r.check.complete).length,
      duplicateRuns: list.filter((r) => r.check.ledgerDuplicates.length || r.check.logDuplicates.length || r.check.extraDuplicates.length).length,
      invalidIndexRuns: list.filter((r) => r.check.invalidIndexes > 0).length,
      nextUpOk: list.filter((r) => r.next.exit === 0 && r.next.exactlyOnce).length,
      wallSeconds: { median: median(list.map((r) => r.wallSeconds)), min: Math.min(...list.map((r) => r.wallSeconds)), max: Math.max(...list.map((r) => r.wallSeconds)) },
      failureReasons: reasons,
    };
  }
  const sm = tools['safe-migrate'];
  const goal = { failures: sm.failedTotal, deadlocks: sm.deadlocksTotal + sm.serverDeadlocksTotal, exactlyOnceRuns: sm.exactlyOnceRuns, runs: sm.runs };
  goal.met = goal.failures === 0 && goal.deadlocks === 0 && goal.exactlyOnceRuns === goal.runs && sm.invalidIndexRuns === 0;
  return {
    benchmark: 'B6',
    title: '8 concurrent up processes, 20 migrations including CREATE INDEX CONCURRENTLY',
    setup: { processes: PROCESSES, migrations: MIGRATIONS, indexMigration: INDEX_MIGRATION, itemsRows: ITEMS_ROWS, files: Object.fromEntries(Array.from({ length: MIGRATIONS }, (_, k) => [migrationName(k + 1), migrationSql(k + 1)])) },
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

function markdown(result, envLine) {
  const lines = [
    `# B6 — ${PROCESSES} concurrent \`up\` processes`,
    '',
    `${MIGRATIONS} migrations: \`${migrationName(1)}\` creates \`items\` (${ITEMS_ROWS.toLocaleString('en-US')} rows) and \`applied_log\`; \`${migrationName(INDEX_MIGRATION)}\` is \`CREATE INDEX CONCURRENTLY items_v_idx ON items (v)\`; the other 18 each create a table and insert their number into \`applied_log\` (which counts real commits, independently of the ledger). Each run: a fresh database, ${PROCESSES} processes of the tool started at once, wall time from the first start to the last exit; then one more \`up\` of the same tool alone ("next up"). safe-migrate: plain \`.sql\` files, defaults; knex: \`.cjs\` with \`knex.raw\`, the index migration with \`exports.config = { transaction: false }\`; node-pg-migrate: \`.sql\` files, the index migration a \`.cjs\` calling \`pgm.noTransaction()\`, with its default \`--advisory-lock-mode fail\` and with \`wait\`. Tools in rotating order, ${result.warmup} warm-up + ${result.reps} measured round(s). ${envLine}`,
    '',
    '| tool | processes failed (non-zero exit), median per run | total failed | deadlocks (40P01 in output) | runs with every migration applied exactly once | runs with a duplicate | runs leaving an invalid index | wall time, median (min–max) | the applying process alone, median | exited 0 with nothing to do, median per run | next `up` exits 0 and leaves it exactly once |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [tool, s] of Object.entries(result.tools)) {
    lines.push(
      `| ${tool} | ${s.failedMedian}/${PROCESSES} | ${s.failedTotal}/${PROCESSES * s.runs} | ${s.deadlocksTotal}${s.serverDeadlocksTotal !== s.deadlocksTotal ? ` (server counted ${s.serverDeadlocksTotal})` : ''} | ${s.exactlyOnceRuns}/${s.runs} | ${s.duplicateRuns}/${s.runs} | ${s.invalidIndexRuns}/${s.runs} | ${s.wallSeconds.median.toFixed(2)} s (${s.wallSeconds.min.toFixed(2)}–${s.wallSeconds.max.toFixed(2)} s) | ${s.applierSecondsMedian === null ? '–' : `${s.applierSecondsMedian.toFixed(2)} s`} | ${s.noopsMedian}/${PROCESSES} | ${s.nextUpOk}/${s.runs} |`,
    );
  }
  lines.push(
    '',
    '"The applying process": the one(s) that exited 0 having applied migrations, start to exit (Node start-up included, on a machine shared with the other 7 processes). "Exactly once": all 20 migrations in the tool\'s ledger once each (safe-migrate: also one `up` audit event each), every transactional migration committed once (`applied_log`), all 20 tables and a valid `items_v_idx` present.',
    '',
    'Per run:',
    '',
    '| tool | run | failed | 40P01 | ledger rows (distinct) | applied_log duplicates / missing | items_v_idx | invalid indexes | lock left behind | wall time | next `up` |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const [tool, list] of Object.entries(result.runs)) {
    for (const r of list) {
      const c = r.check;
      lines.push(
        `| ${tool} | ${r.rep} | ${r.failed} | ${r.deadlocks} | ${c.ledgerRows} (${c.ledgerDistinct}) | ${c.logDuplicates.join(' ') || '0'} / ${c.logMissing.length ? c.logMissing.join(' ') : '0'} | ${c.index} | ${c.invalidIndexes} | ${c.lockLeft} | ${r.wallSeconds.toFixed(2)} s | ${r.next.summary.replace(/\|/g, '\\|')} |`,
      );
    }
  }
  lines.push('', 'Why processes failed (all measured runs; numbers, pids and durations masked):', '');
  let any = false;
  for (const [tool, s] of Object.entries(result.tools)) {
    for (const [reason, n] of Object.entries(s.failureReasons).sort((a, b) => b[1] - a[1])) {
      any = true;
      lines.push(`- ${tool}: ${n}× \`${reason.replace(/`/g, "'")}\``);
    }
  }
  if (!any) lines.push('- none');
  const g = result.goal;
  lines.push('', `Goal (quality.md B6): safe-migrate 0 failures, 0 deadlocks, exactly once — **${g.met ? 'met' : 'missed'}** (${g.failures} failed processes, ${g.deadlocks} deadlocks, exactly once in ${g.exactlyOnceRuns}/${g.runs} runs).`);
  return `${lines.join('\n')}\n`;
}
