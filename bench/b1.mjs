// B1 (quality.md §4): fresh `up` of N small migrations (CREATE TABLE with a primary key), each
// tool on its own fresh database, whole-process wall clock. Goal: safe-migrate ≤ knex and
// within 1.2× the bare-pg floor.
import { join } from 'node:path';
import { createDatabase, dropDatabase, fmtS, fmtX, linearFit, summarise, timeCommand, withDatabase } from './harness.mjs';
import { interleave } from './interleave.mjs';
import { toolNames, tools, writeWorkspace } from './tools.mjs';

const FLOOR = 'bare pg (floor)';

export function plan(quick) {
  return quick
    ? [{ n: 50, warmup: 1, reps: 3 }]
    : [
        { n: 50, warmup: 1, reps: 5 },
        // The N=50 warm-up round warms every tool and the server for the larger sizes too. 9 rounds:
        // at N=200 the run is the server's fsync'd catalog writes, and one tool's runs spread over
        // 2× (1.1–2.5 s) on the reference VM, so 5 rounds left the ranking to chance.
        { n: 200, warmup: 0, reps: 9 },
        // Only 3 rounds at N=1000: one round (four tools × ~1,000 fsync'd commits) takes about
        // a minute on the reference machine, and a full run must stay well under 10 minutes.
        { n: 1000, warmup: 0, reps: 3 },
      ];
}

export async function runB1({ quick, workDir }) {
  const sizes = [];
  for (const { n, warmup, reps } of plan(quick)) {
    const ws = writeWorkspace(join(workDir, `b1-${n}`), n, 'table');
    const { samples, cpu, errors, retried } = await interleave({
      label: `B1 N=${n}`,
      names: toolNames,
      warmup,
      reps,
      setup: () => createDatabase(),
      run: (name, db) => {
        const c = tools[name].command(ws, db);
        return timeCommand(`${name} up (N=${n})`, c.command, c.args, { cwd: ws.dir, env: c.env });
      },
      verify: async (name, db) => {
        const [applied, tables] = await withDatabase(db, async (client) => [
          await tools[name].applied(client),
          Number((await client.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't\\_%'`)).rows[0].n),
        ]);
        if (applied !== n || tables !== n) throw new Error(`${name}: expected ${n} applied migrations and tables, found ${applied} ledger rows and ${tables} tables`);
      },
      teardown: (_name, db) => dropDatabase(db),
    });
    const stats = Object.fromEntries(Object.entries(samples).filter(([, s]) => s.length).map(([name, s]) => [name, summarise(s)]));
    const cpuStats = Object.fromEntries(Object.entries(cpu).filter(([, s]) => s.length).map(([name, s]) => [name, summarise(s)]));
    sizes.push({ n, warmup, reps, samples, stats, cpu, cpuStats, errors, retried });
  }
  const slopes = {};
  for (const name of toolNames) {
    const points = sizes.filter((s) => s.stats[name]).map((s) => [s.n, s.stats[name].median]);
    if (points.length >= 2) {
      const fit = linearFit(points);
      slopes[name] = { msPerMigration: fit.slope * 1000, fixedSeconds: fit.intercept };
    }
  }
  const goals = sizes.map(({ n, stats }) => {
    const sm = stats['safe-migrate']?.median;
    const vsKnex = sm / stats.knex?.median;
    const vsFloor = sm / stats[FLOOR]?.median;
    return { n, vsKnex, vsFloor, pass: vsKnex <= 1 && vsFloor <= 1.2 };
  });
  return { benchmark: 'B1', title: 'fresh up of N small migrations', template: 'CREATE TABLE t_i (id bigint primary key, name text, created_at timestamptz default now())', sizes, slopes, goals };
}

export function markdownB1(result, envLine) {
  const lines = [
    '# B1 — fresh `up` of N small migrations',
    '',
    `Each migration: \`${result.template}\`. Every run gets a fresh database; whole-process wall clock; tools interleaved per round (${result.sizes.map((s) => `N=${s.n}: ${s.warmup} warm-up + ${s.reps} timed rounds`).join(', ')}). ${envLine}`,
    '',
    '| N | tool | median | min | max | runs | ÷ knex | ÷ floor | client CPU |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { n, stats, cpuStats, errors } of result.sizes) {
    for (const name of toolNames) {
      const s = stats[name];
      if (!s) {
        lines.push(`| ${n} | ${name} | failed: ${(errors[name] ?? 'no samples').split('\n')[0].replace(/\|/g, '\\|')} | | | | | | |`);
        continue;
      }
      const k = stats.knex?.median;
      const f = stats[FLOOR]?.median;
      lines.push(`| ${n} | ${name} | ${fmtS(s.median)} | ${fmtS(s.min)} | ${fmtS(s.max)} | ${s.n} | ${k ? fmtX(s.median / k) : '–'} | ${f ? fmtX(s.median / f) : '–'} | ${cpuStats[name] ? fmtS(cpuStats[name].median) : '–'} |`);
    }
  }
  lines.push('', '"client CPU": median user+system CPU of the tool\'s process tree (not the server\'s), less sensitive to other load on the machine than wall clock.');
  if (Object.keys(result.slopes).length) {
    lines.push('', 'Linear fit of the medians over N (per-migration marginal cost and fixed cost):', '', '| tool | ms per migration | fixed cost |', '| --- | --- | --- |');
    for (const [name, fit] of Object.entries(result.slopes)) lines.push(`| ${name} | ${fit.msPerMigration.toFixed(2)} ms | ${fmtS(fit.fixedSeconds)} |`);
  }
  const retries = result.sizes.flatMap((s) => Object.entries(s.retried).map(([name, why]) => `- N=${s.n} ${name}: ${why.length} failed run(s) retried on a fresh database (${why[0]})`));
  if (retries.length) lines.push('', 'Retried runs (not timed):', '', ...retries);
  lines.push('', 'Goal (quality.md B1): safe-migrate ≤ knex and ≤ 1.2× the bare-pg floor.', '');
  for (const g of result.goals) {
    lines.push(`- N=${g.n}: ${fmtX(g.vsKnex)} knex, ${fmtX(g.vsFloor)} floor — ${Number.isFinite(g.vsKnex) && Number.isFinite(g.vsFloor) ? (g.pass ? '**met**' : '**missed**') : 'not measured'}`);
  }
  return `${lines.join('\n')}\n`;
}
