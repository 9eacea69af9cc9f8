// B3 (quality.md §4): CLI start-up. `safe-migrate --version` and `--help` against `node -e 0`
// (the floor any Node CLI pays), `knex --version` and `node-pg-migrate --help`. Goal: ≤ 0.2 s.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fmtS, fmtX, root, summarise, timeCommand } from './harness.mjs';
import { interleave } from './interleave.mjs';

const GOAL_SECONDS = 0.2;
const bin = (name) => realpathSync(join(root, 'node_modules', '.bin', name));
const safeMigrate = join(root, 'bin', 'safe-migrate.js');

export const commands = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'safe-migrate --version': [process.execPath, [safeMigrate, '--version']],
  'safe-migrate --help': [process.execPath, [safeMigrate, '--help']],
  'knex --version': [process.execPath, [bin('knex'), '--version']],
  'node-pg-migrate --help': [process.execPath, [bin('node-pg-migrate'), '--help']],
};

export function plan(quick) {
  return quick ? { warmup: 1, reps: 5 } : { warmup: 2, reps: 12 };
}

export async function runB3({ quick }) {
  const { warmup, reps } = plan(quick);
  const names = Object.keys(commands);
  const { samples, cpu, errors, retried } = await interleave({
    label: 'B3',
    names,
    warmup,
    reps,
    run: (name) => timeCommand(name, ...commands[name], { cwd: root }),
  });
  const stats = Object.fromEntries(Object.entries(samples).filter(([, s]) => s.length).map(([name, s]) => [name, summarise(s)]));
  const cpuStats = Object.fromEntries(Object.entries(cpu).filter(([, s]) => s.length).map(([name, s]) => [name, summarise(s)]));
  const goal = {
    maxSeconds: GOAL_SECONDS,
    version: stats['safe-migrate --version']?.median <= GOAL_SECONDS,
    help: stats['safe-migrate --help']?.median <= GOAL_SECONDS,
  };
  return { benchmark: 'B3', title: 'CLI start', warmup, reps, samples, stats, cpu, cpuStats, errors, retried, goal };
}

export function markdownB3(result, envLine) {
  const base = result.stats['node -e 0']?.median;
  const lines = [
    '# B3 — CLI start',
    '',
    `Whole-process wall clock, ${result.reps} interleaved runs after ${result.warmup} warm-up rounds; all run by the same \`node\`. ${envLine}`,
    '',
    '| command | median | p95 | min | max | − node -e 0 | ÷ node -e 0 | client CPU |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const name of Object.keys(commands)) {
    const s = result.stats[name];
    if (!s) {
      lines.push(`| ${name} | failed: ${(result.errors[name] ?? 'no samples').split('\n')[0].replace(/\|/g, '\\|')} | | | | | | |`);
      continue;
    }
    lines.push(`| ${name} | ${fmtS(s.median)} | ${fmtS(s.p95)} | ${fmtS(s.min)} | ${fmtS(s.max)} | ${base ? `${((s.median - base) * 1000).toFixed(0)} ms` : '–'} | ${base ? fmtX(s.median / base) : '–'} | ${result.cpuStats[name] ? fmtS(result.cpuStats[name].median) : '–'} |`);
  }
  const g = result.goal;
  lines.push('', `Goal (quality.md B3): ≤ ${g.maxSeconds} s — \`--version\` **${g.version ? 'met' : 'missed'}**, \`--help\` **${g.help ? 'met' : 'missed'}**.`, '');
  return `${lines.join('\n')}\n`;
}
