#!/usr/bin/env node
// Benchmarks of quality.md §4: B1 fresh `up`, B2 no-op `up`, B3 CLI start (this directory),
// then B4 lint (bench/lint.mjs, when present) and B7 backfill (bench/backfill.mjs). Compared tools run on the same PostgreSQL
// server, interleaved, whole-process wall clock; medians and ratios are printed and written
// to bench/results/<name>.json and .md (bench/results/quick/ for --quick).
//
// Usage: npm run bench                      (builds, then runs everything)
//        node bench/run.mjs [b1] [b2] [b3] [b4] [b5] [b6] [b7] [--quick]
// Server: SAFE_MIGRATE_BENCH_DATABASE_URL or SAFE_MIGRATE_TEST_DATABASE_URL (an admin URL that
// may CREATE DATABASE), default postgres://postgres@127.0.0.1:5432/postgres.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { markdownB1, runB1 } from './b1.mjs';
import { markdownB2, runB2 } from './b2.mjs';
import { markdownB3, runB3 } from './b3.mjs';
import { cleanup, connectAdmin, environment, environmentLine, fail, log, root, timeCommand, writeResults } from './harness.mjs';

// Piped into `head`: a closed stdout must not kill the run before it drops its databases.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});

const ALL = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7'];
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write('usage: node bench/run.mjs [b1] [b2] [b3] [b4] [b5] [b6] [b7] [--quick]\n  b1 fresh up, b2 no-op up, b3 CLI start, b4 lint (bench/lint.mjs), b5 app latency under a blocked ALTER (bench/b5.mjs), b6 8 concurrent up (bench/b6.mjs), b7 backfill (bench/backfill.mjs); default: all\n  --quick  fewer sizes and repetitions (a smoke run; results go to bench/results/quick/)\n');
  process.exit(0);
}
const quick = args.includes('--quick');
const unknown = args.filter((a) => !a.startsWith('--') && !ALL.includes(a.toLowerCase()));
if (unknown.length || args.some((a) => a.startsWith('--') && a !== '--quick')) fail(`unknown argument(s): ${args.join(' ')}; usage: node bench/run.mjs [b1] [b2] [b3] [b4] [b5] [b6] [b7] [--quick]`);
const selected = args.filter((a) => !a.startsWith('--')).map((a) => a.toLowerCase());
const wanted = new Set(selected.length ? selected : ALL);

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) fail('dist/ is missing; run `npm run build` first (or `npm run bench`, which builds).');
try {
  timeCommand('safe-migrate --version', process.execPath, [join(root, 'bin', 'safe-migrate.js'), '--version']);
} catch (error) {
  fail(`the built CLI does not start: ${error.message}`);
}

const workDir = mkdtempSync(join(os.tmpdir(), 'safe-migrate-bench-'));
let interrupted = false;
async function finish(code) {
  await cleanup();
  rmSync(workDir, { recursive: true, force: true });
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`bench: ${signal}; dropping the benchmark databases…`);
    void finish(130);
  });
}

const tables = [];
let failed = false;
const started = process.hrtime.bigint();
try {
  const needsDb = ['b1', 'b2', 'b3'].some((b) => wanted.has(b));
  if (needsDb) await connectAdmin();
  const env = needsDb ? await environment() : undefined;
  const envLine = env ? environmentLine(env) : '';
  if (env) log(`bench: ${envLine}${quick ? ' (--quick)' : ''}\nbench: work directory ${workDir}`);
  if (env?.otherClientConnectionsAtStart) log(`bench: note: ${env.otherClientConnectionsAtStart} other client connection(s) on the server; concurrent load adds noise.`);

  const benches = [
    ['b1', runB1, markdownB1],
    ['b2', runB2, markdownB2],
    ['b3', runB3, markdownB3],
  ];
  for (const [name, run, markdown] of benches) {
    if (!wanted.has(name)) continue;
    log(`bench: ${name.toUpperCase()}…`);
    const t0 = process.hrtime.bigint();
    const result = await run({ quick, workDir });
    result.quick = quick;
    result.environment = env;
    result.elapsedSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const md = markdown(result, envLine);
    const dir = writeResults(name, quick, result, md);
    tables.push(md);
    process.stdout.write(`\n${md}`);
    log(`bench: ${name.toUpperCase()} took ${result.elapsedSeconds.toFixed(0)} s; wrote ${join(dir, `${name}.json`)} and .md`);
    const errors = result.errors ?? Object.assign({}, ...(result.sizes ?? []).map((s) => s.errors));
    if (Object.keys(errors).length) failed = true;
  }
  await cleanup();

  if (wanted.has('b4')) {
    const lint = join(root, 'bench', 'lint.mjs');
    if (existsSync(lint)) {
      log('bench: B4 (bench/lint.mjs)…');
      const result = spawnSync(process.execPath, [lint, ...(quick ? ['--runs', '5'] : [])], { cwd: root, stdio: 'inherit' });
      if (result.status !== 0) {
        failed = true;
        log(`bench: bench/lint.mjs exited with ${result.status ?? result.signal}`);
      }
    } else if (selected.includes('b4')) {
      log('bench: B4 skipped: bench/lint.mjs does not exist');
    }
  }
  for (const name of ['b5', 'b6']) {
    if (!wanted.has(name)) continue;
    log(`bench: ${name.toUpperCase()} (bench/${name}.mjs)…`);
    const result = spawnSync(process.execPath, [join(root, 'bench', `${name}.mjs`), ...(quick ? ['--quick'] : [])], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) failed = true;
  }
  if (wanted.has('b7')) {
    log('bench: B7 (bench/backfill.mjs)…');
    const result = spawnSync(process.execPath, [join(root, 'bench', 'backfill.mjs'), ...(quick ? ['--quick'] : [])], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) failed = true;
  }
} catch (error) {
  log(`bench: ${error.stack ?? error.message}`);
  failed = true;
}
log(`bench: done in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s${failed ? ' (with failures, see above)' : ''}`);
await finish(failed ? 1 : 0);
