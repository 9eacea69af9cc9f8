// Shared benchmark plumbing: the admin connection and throwaway databases, timing a whole
// process the way a user experiences it, statistics, environment capture and result files.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const adminUrl =
  process.env.SAFE_MIGRATE_BENCH_DATABASE_URL ?? process.env.SAFE_MIGRATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

/** The URL of database `name` on the admin URL's server (same credentials, host and options). */
export function databaseUrl(name) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Hides a password in a URL before it is printed or stored. */
export function redact(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

let admin;
const created = new Set();

export async function connectAdmin() {
  admin = new pg.Client({ connectionString: adminUrl, application_name: 'safe-migrate-bench' });
  try {
    await admin.connect();
  } catch (error) {
    fail(`cannot connect to ${redact(adminUrl)} (${error.message}); set SAFE_MIGRATE_BENCH_DATABASE_URL to an admin URL of a PostgreSQL server`);
  }
  return admin;
}

export async function adminQuery(sql, params) {
  return admin.query(sql, params);
}

/** A fresh empty database (or a copy of `template`); created outside any timed region. */
export async function createDatabase(template) {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  created.add(name);
  return name;
}

export async function dropDatabase(name) {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  created.delete(name);
}

/** Drops every database this process created and still holds, then closes the admin connection. */
export async function cleanup() {
  if (!admin) return;
  for (const name of [...created]) await dropDatabase(name).catch(() => undefined);
  await admin.end().catch(() => undefined);
  admin = undefined;
}

/** Runs `fn` with a short-lived connection to database `name` (verification, setup). */
export async function withDatabase(name, fn) {
  const client = new pg.Client({ connectionString: databaseUrl(name), application_name: 'safe-migrate-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs one command to completion and returns its wall-clock seconds: `process.hrtime` around
 * a synchronous spawn, so the time includes Node start-up, module loading, connecting and exit.
 * Output is captured (so a failure can be shown) and otherwise discarded.
 */
export function timeCommand(label, command, args, { cwd = root, env = {}, ok = [0] } = {}) {
  const cpu0 = childCpuSeconds();
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu1 = childCpuSeconds();
  const cpuSeconds = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
  if (result.error) throw new Error(`${label}: could not start ${command}: ${result.error.message}`);
  if (!ok.includes(result.status)) {
    const tail = (s) => String(s ?? '').trim().split('\n').slice(-15).join('\n');
    throw new Error(`${label} exited with ${result.status ?? result.signal}\n--- stdout (tail)\n${tail(result.stdout)}\n--- stderr (tail)\n${tail(result.stderr)}`);
  }
  return { seconds, cpuSeconds, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Runs a command to completion without blocking (untimed setup work that may run in parallel). */
export function runCommand(label, command, args, { cwd = root, env = {} } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('error', (error) => reject(new Error(`${label}: could not start ${command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${label} exited with ${code ?? signal}\n--- stderr (tail)\n${stderr.trim().split('\n').slice(-15).join('\n')}`));
    });
  });
}

let ticksPerSecond;
/**
 * User + system CPU of this process's waited-for children so far (Linux /proc/self/stat
 * cutime + cstime, in clock ticks, usually 10 ms), or undefined elsewhere. The difference
 * around one spawn is the client-side CPU of that run: less sensitive than wall clock to
 * other load on the machine, but blind to the server's work and to waiting.
 */
function childCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile. With 5–7 samples p95 is the maximum; it is reported for the record. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarise(samples) {
  return { median: median(samples), p95: percentile(samples, 95), min: Math.min(...samples), max: Math.max(...samples), n: samples.length };
}

/** Least-squares slope and intercept of y over x. */
export function linearFit(points) {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export const fmtS = (s) => `${s.toFixed(3)} s`;
export const fmtX = (r) => `${r.toFixed(2)}×`;

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function git(args) {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** What the numbers depend on: machine, server settings, versions, and the state of the tree. */
export async function environment() {
  const settings = {};
  for (const name of ['server_version', 'fsync', 'synchronous_commit', 'shared_buffers', 'wal_level', 'max_connections']) {
    settings[name] = (await admin.query(`SELECT current_setting($1) AS v`, [name])).rows[0].v;
  }
  const load = os.loadavg().map((l) => Number(l.toFixed(2)));
  const others = (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`)).rows[0].n;
  const dirty = git(['status', '--porcelain', '--', 'src']);
  return {
    date: new Date().toISOString(),
    server: redact(adminUrl),
    postgres: settings,
    otherClientConnectionsAtStart: others,
    loadAverageAtStart: load,
    node: process.version,
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    versions: {
      'safe-migrate': JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version,
      knex: packageVersion('knex'),
      'node-pg-migrate': packageVersion('node-pg-migrate'),
      pg: packageVersion('pg'),
    },
    git: { commit: git(['rev-parse', '--short', 'HEAD']), srcFilesChangedSinceCommit: dirty === undefined ? undefined : dirty.split('\n').filter(Boolean).length },
  };
}

export function environmentLine(env) {
  const p = env.postgres;
  return (
    `${env.date}; PostgreSQL ${p.server_version} (fsync=${p.fsync}, synchronous_commit=${p.synchronous_commit}, shared_buffers=${p.shared_buffers}); ` +
    `Node ${env.node}; ${env.cpu}, ${env.memoryGiB} GiB; knex ${env.versions.knex}, node-pg-migrate ${env.versions['node-pg-migrate']}, pg ${env.versions.pg}; ` +
    `load average at start ${env.loadAverageAtStart.join(' ')}; git ${env.git.commit}${env.git.srcFilesChangedSinceCommit ? ` + ${env.git.srcFilesChangedSinceCommit} uncommitted src/ changes` : ''}.`
  );
}

/** Writes bench/results/<name>.json and <name>.md (or under results/quick/ for a --quick run). */
export function writeResults(name, quick, json, markdown) {
  const dir = join(root, 'bench', 'results', ...(quick ? ['quick'] : []));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(dir, `${name}.md`), markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return dir;
}

export function log(message) {
  process.stderr.write(`${message}\n`);
}

// ─── Standalone scripts (b5, b6, backfill) ─────────────────────────────────────────────────

/**
 * A standalone benchmark script from start to exit. Before anything is measured: dist/ must be
 * built, a temporary work directory (safe-migrate-bench-<label, lower case>-…), and Ctrl-C (or
 * SIGTERM) stops what runs (`onAbort`) and drops the benchmark databases. Then it connects, logs
 * the environment (and, with `noteOtherClients`, other clients on the server: concurrent load
 * adds noise) and runs `body({ workDir, env, envLine })`, which measures and returns
 * `{ result, markdown }`: written to bench/results/<name>.json and .md (results/quick/ when
 * `quick`), printed, cleaned up; exit 0 when `result.goal.met`, 1 otherwise. A benchmark that
 * breaks says why, stops what runs, cleans up and exits 1.
 */
export async function runStandalone({ name, label, quick, onAbort = () => {}, noteOtherClients = false }, body) {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) fail('dist/ is missing; run `npm run build` first.');
  const workDir = mkdtempSync(join(os.tmpdir(), `safe-migrate-bench-${label.toLowerCase()}-`));
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      log(`bench: ${signal}; dropping the benchmark databases…`);
      onAbort();
      void cleanup().finally(() => process.exit(130));
    });
  }
  const finish = async (code) => {
    await cleanup();
    rmSync(workDir, { recursive: true, force: true });
    process.exit(code);
  };
  try {
    await connectAdmin();
    const env = await environment();
    const envLine = environmentLine(env);
    log(`bench ${label}: ${envLine}`);
    if (noteOtherClients && env.otherClientConnectionsAtStart) log(`bench ${label}: note: ${env.otherClientConnectionsAtStart} other client connection(s) on the server; concurrent load adds noise.`);
    const { result, markdown } = await body({ workDir, env, envLine });
    const dir = writeResults(name, quick, result, markdown);
    process.stdout.write(`\n${markdown}`);
    log(`bench ${label}: wrote ${join(dir, `${name}.json`)} and .md`);
    await finish(result.goal.met ? 0 : 1);
  } catch (error) {
    log(`bench ${label}: ${error.stack ?? error.message}`);
    onAbort();
    await finish(1);
  }
}

/** `[--reps N] [--warmup N] [--quick]`, validated; usage errors exit 2 (fail). */
export function parseRoundArgs(args, { script, reps, quickReps = 1, warmup = 1, quickWarmup = 0 }) {
  const quick = args.includes('--quick');
  const value = (flag, fallback) => {
    const i = args.indexOf(flag);
    if (i < 0) return fallback;
    const n = Number(args[i + 1]);
    if (!Number.isInteger(n) || n < 0) fail(`${flag} needs a whole number, got ${args[i + 1]}`);
    return n;
  };
  const known = new Set(['--quick', '--reps', '--warmup']);
  for (let i = 0; i < args.length; i++) {
    if (!known.has(args[i])) fail(`unknown argument ${args[i]}; usage: node bench/${script} [--reps ${reps}] [--warmup ${warmup}] [--quick]`);
    if (args[i] !== '--quick') i++;
  }
  const chosenReps = value('--reps', quick ? quickReps : reps);
  if (chosenReps < 1) fail('--reps must be at least 1');
  return { quick, reps: chosenReps, warmup: value('--warmup', quick ? quickWarmup : warmup) };
}
