#!/usr/bin/env node
// Benchmark B4 (quality.md §4): lint the lemmy corpus (684 files) with JSON output, safe-migrate
// against squawk-cli (Rust, through its npm package), interleaved A B A B after one warm-up,
// medians and ratio. Writes bench/results/lint.json and bench/results/lint.md.
// Usage: npm run build && node bench/lint.mjs [--runs 7]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fail, fmtS, fmtX, root, summarise, timeCommand } from './harness.mjs';
import { interleave } from './interleave.mjs';

const corpus = resolve(root, '..', 'shared', 'corpus', 'public', 'lemmy', 'migrations');
const runsFlag = process.argv.indexOf('--runs');
const reps = Math.max(5, runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 7);

if (!existsSync(corpus)) fail(`corpus not found at ${corpus}; it is expected in ../shared/corpus/public/lemmy/migrations next to this repository.`);
if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) fail('dist/ is missing; run `npm run build` first.');
const squawkBin = join(root, 'node_modules', '.bin', 'squawk');
// squawk-cli is not a dev dependency: its lockfile entries for other platforms cannot be
// resolved everywhere, which would break `npm ci`. The benchmark installs it on first use.
if (!existsSync(squawkBin)) {
  console.error('installing squawk-cli@2.66.0 for the comparison (npm install --no-save)…');
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', 'squawk-cli@2.66.0'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(squawkBin)) fail('squawk-cli could not be installed; run `npm install --no-save squawk-cli@2.66.0` and retry.');
}

const sqlFiles = readdirSync(corpus, { recursive: true })
  .filter((name) => name.endsWith('.sql'))
  .map((name) => join(corpus, name))
  .sort();
const tools = {
  // Exit 1 (error findings) is the expected outcome on this corpus; 2 would mean unreadable input.
  'safe-migrate': [process.execPath, [join(root, 'bin', 'safe-migrate.js'), 'lint', corpus, '--format', 'json'], [0, 1]],
  // squawk exits 1 when it has findings, which it has on this corpus.
  squawk: [squawkBin, ['--reporter', 'json', ...sqlFiles], [0, 1]],
};

const loadBefore = loadavg()[0];
let linted;
const { samples, cpu, errors } = await interleave({
  label: 'B4',
  names: Object.keys(tools),
  warmup: 1,
  reps,
  run: (name) => {
    const [command, args, ok] = tools[name];
    const result = timeCommand(name, command, args, { ok });
    if (name === 'safe-migrate') linted ??= JSON.parse(result.stdout).summary;
    return result;
  },
});
const failed = Object.entries(errors);
if (failed.length > 0) fail(failed.map(([name, error]) => `${name}: ${error}`).join('\n'));

const stats = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, summarise(s)]));
const cpuStats = Object.fromEntries(Object.entries(cpu).filter(([, s]) => s.length).map(([name, s]) => [name, summarise(s)]));
const ratio = stats['safe-migrate'].median / stats.squawk.median;
const cpuRatio = cpuStats.squawk ? cpuStats['safe-migrate'].median / cpuStats.squawk.median : undefined;
const result = {
  benchmark: 'B4',
  title: 'lint 684 real files, JSON output',
  corpus: relative(root, corpus),
  files: sqlFiles.length,
  linted,
  warmup: 1,
  reps,
  node: process.version,
  cpus: availableParallelism(),
  loadAverage: { before: loadBefore, after: loadavg()[0] },
  date: new Date().toISOString(),
  samples,
  stats,
  cpu,
  cpuStats,
  ratio,
  cpuRatio,
  goal: { ratio: 1, met: ratio <= 1 },
};

const cpuCell = (name) => (cpuStats[name] ? `${fmtS(cpuStats[name].median)} | ${fmtX(cpuStats[name].median / cpuStats.squawk.median)}` : '– | –');
const md = [
  '# B4 — lint 684 real files (lemmy), JSON output',
  '',
  `${sqlFiles.length} files, ${linted.statements} statements; ${reps} interleaved runs after one warm-up; whole process, output discarded. Node ${process.version}, ${result.cpus} CPUs, load average ${loadBefore.toFixed(1)} → ${result.loadAverage.after.toFixed(1)}; ${result.date}.`,
  '',
  '| tool | median | p95 | min | max | ratio | client CPU (median) | CPU ratio |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...Object.entries(stats).map(([name, s]) => `| ${name} | ${fmtS(s.median)} | ${fmtS(s.p95)} | ${fmtS(s.min)} | ${fmtS(s.max)} | ${fmtX(s.median / stats.squawk.median)} | ${cpuCell(name)} |`),
  '',
  `Goal (quality.md B4): safe-migrate ≤ squawk — **${result.goal.met ? 'met' : 'missed'}** (ratio ${fmtX(ratio)}${cpuRatio === undefined ? '' : `, CPU ratio ${fmtX(cpuRatio)}`}).`,
  '',
].join('\n');

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'lint.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(root, 'bench', 'results', 'lint.md'), md);
process.stdout.write(md);
