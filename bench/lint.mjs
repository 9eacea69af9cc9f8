#!/usr/bin/env node
// Benchmark B4 (quality.md §4): lint the lemmy corpus (684 files) with JSON output, safe-migrate
// against squawk-cli (Rust, through its npm package), interleaved A B A B after one warm-up,
// medians and ratio. Writes bench/results/lint.json and bench/results/lint.md.
// Usage: npm run build && node bench/lint.mjs [--runs 7]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(root, '..', 'shared', 'corpus', 'public', 'lemmy', 'migrations');
const runsFlag = process.argv.indexOf('--runs');
const runs = Math.max(5, runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 7);

function fail(message) {
  process.stderr.write(`bench/lint: ${message}\n`);
  process.exit(2);
}

if (!existsSync(corpus)) fail(`corpus not found at ${corpus}; it is expected in ../shared/corpus/public/lemmy/migrations next to this repository.`);
if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) fail('dist/ is missing; run `npm run build` first.');
const squawkBin = join(root, 'node_modules', '.bin', 'squawk');
if (!existsSync(squawkBin)) fail('node_modules/.bin/squawk is missing; run `npm install` (squawk-cli is a dev dependency).');

const sqlFiles = listSql(corpus);
const tools = {
  'safe-migrate': { command: process.execPath, args: [join(root, 'bin', 'safe-migrate.js'), 'lint', corpus, '--format', 'json'], ok: [0, 1, 2] },
  // squawk exits 1 when it has findings, which it has on this corpus.
  squawk: { command: squawkBin, args: ['--reporter', 'json', ...sqlFiles], ok: [0, 1] },
};

function listSql(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.sql'))
    .map((name) => join(dir, name))
    .sort();
}

/** One timed run, output discarded like `> /dev/null`; aborts the benchmark if the tool crashed. */
function time(name, capture = false) {
  const tool = tools[name];
  const start = process.hrtime.bigint();
  const result = spawnSync(tool.command, tool.args, { cwd: root, stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (!tool.ok.includes(result.status)) fail(`${name} exited with ${result.status ?? result.signal}: ${String(result.stderr).slice(0, 500)}`);
  return { seconds, stdout: capture ? String(result.stdout) : '' };
}

// A busy machine skews both tools; the load average is recorded so results can be judged.
const loadBefore = loadavg()[0];
// Warm-up (also checks that safe-migrate really linted the corpus).
const warm = JSON.parse(time('safe-migrate', true).stdout);
time('squawk');
const samples = { 'safe-migrate': [], squawk: [] };
for (let i = 0; i < runs; i++) {
  for (const name of Object.keys(tools)) samples[name].push(time(name).seconds);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const medians = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, median(s)]));
const ratio = medians['safe-migrate'] / medians.squawk;
const result = {
  benchmark: 'B4 lint',
  corpus: relative(root, corpus),
  files: sqlFiles.length,
  linted: warm.summary,
  runs,
  node: process.version,
  cpus: availableParallelism(),
  loadAverage: { before: loadBefore, after: loadavg()[0] },
  date: new Date().toISOString(),
  samples,
  medians,
  ratio,
  goal: 'safe-migrate <= squawk (ratio <= 1.0); acceptable <= 1.5',
};

const seconds = (s) => `${s.toFixed(3)} s`;
const md = [
  '# B4 — lint 684 real files (lemmy), JSON output',
  '',
  `${sqlFiles.length} files, ${warm.summary.statements} statements; ${runs} interleaved runs after one warm-up; Node ${process.version}, ${result.cpus} CPUs, load average ${loadBefore.toFixed(1)} → ${result.loadAverage.after.toFixed(1)}; ${result.date}.`,
  '',
  '| tool | median | min | max | ratio |',
  '| --- | --- | --- | --- | --- |',
  ...Object.entries(samples).map(([name, s]) => `| ${name} | ${seconds(medians[name])} | ${seconds(Math.min(...s))} | ${seconds(Math.max(...s))} | ${(medians[name] / medians.squawk).toFixed(2)}× |`),
  '',
  `Goal: safe-migrate ≤ squawk (quality.md B4). Measured ratio: ${ratio.toFixed(2)}×.`,
  '',
].join('\n');

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'lint.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(root, 'bench', 'results', 'lint.md'), md);
process.stdout.write(md);
