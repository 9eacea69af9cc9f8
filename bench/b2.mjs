// B2 (quality.md §4): no-op `up` with 50 / 1,000 / 10,000 migrations already applied.
// Each tool first really applies the migrations itself, once, untimed, into a prepared
// database (with synchronous_commit off for that database, only to make the setup quicker);
// for 10,000 it applies the first 100 and the rest of its ledger is cloned from its own rows.
// Every timed run then gets a fresh copy of that database (CREATE DATABASE … TEMPLATE) and
// times a second `up`, which must find nothing to do: its ledger table must be unchanged
// afterwards, row for row. Goal: ≤ 0.3 s and flat in ledger size.
import { join } from 'node:path';
import { adminQuery, createDatabase, dropDatabase, fmtS, fmtX, log, runCommand, summarise, timeCommand, withDatabase } from './harness.mjs';
import { interleave, withRetries } from './interleave.mjs';
import { b2ToolNames as toolNames, cloneLedgerRows, ledgerFingerprint, tools, writeWorkspace } from './tools.mjs';

const GOAL_SECONDS = 0.3;
/**
 * Above this many migrations each tool really applies only the first SEED_APPLY of them; the
 * rest of its ledger is cloned from its own last real row (tools.mjs cloneLedgerRows). Really
 * applying 10,000 took a minute of setup for the slowest tool, most of a full run's budget.
 */
const REAL_APPLY_MAX = 1000;
const SEED_APPLY = 100;
/** "Flat": the largest ledger costs at most this much more than the smallest. */
const FLAT_RATIO = 1.25;

export function plan(quick) {
  return quick
    ? [
        { n: 50, warmup: 1, reps: 3 },
        { n: 1000, warmup: 1, reps: 3 },
      ]
    : [
        { n: 50, warmup: 1, reps: 5 },
        // Every tool has just run `up` during setup, so the larger sizes skip the warm-up round;
        // 10k gets 3 rounds to keep a full run well under 10 minutes.
        { n: 1000, warmup: 0, reps: 5 },
        { n: 10000, warmup: 0, reps: 3 },
      ];
}

export async function runB2({ quick, workDir }) {
  const sizes = [];
  for (const { n, warmup, reps } of plan(quick)) {
    const ws = writeWorkspace(join(workDir, `b2-${n}`), n, 'comment');
    const seed = n > REAL_APPLY_MAX ? SEED_APPLY : n;
    // The first `seed` migrations of ws, under the same names, for the real setup run.
    const seedWs = seed === n ? ws : writeWorkspace(join(workDir, `b2-${n}-seed`), seed, 'comment', ws.width);
    const prepared = {};
    const fingerprints = {};
    const setupSeconds = {};
    const errors = {};
    // Setup is untimed, so the tools prepare their databases in parallel.
    await Promise.all(
      toolNames.map(async (name) => {
        try {
          await withRetries(`B2 N=${n} setup ${name}`, async () => {
            if (prepared[name]) await dropDatabase(prepared[name]);
            const db = await createDatabase();
            prepared[name] = db;
            await adminQuery(`ALTER DATABASE ${db} SET synchronous_commit = off`);
            const c = tools[name].command(seedWs, db);
            const t0 = process.hrtime.bigint();
            await runCommand(`${name} setup up (N=${seed})`, c.command, c.args, { cwd: seedWs.dir, env: c.env });
            if (seed < n) await withDatabase(db, (client) => cloneLedgerRows(client, name, ws, seed + 1, n));
            setupSeconds[name] = Number(process.hrtime.bigint() - t0) / 1e9;
            await adminQuery(`ALTER DATABASE ${db} RESET synchronous_commit`);
            const applied = await withDatabase(db, tools[name].applied);
            if (applied !== n) throw new Error(`${name}: setup applied ${applied} of ${n} migrations`);
            fingerprints[name] = await withDatabase(db, (client) => ledgerFingerprint(client, tools[name].ledger));
          });
          log(`  B2 N=${n} setup ${name}: applied ${seed}${seed < n ? ` + cloned ${n - seed} ledger rows` : ''} in ${setupSeconds[name].toFixed(1)} s (untimed, in parallel with the other tools, synchronous_commit off)`);
        } catch (error) {
          errors[name] = `setup failed: ${error.message}`;
          log(`  B2 N=${n} setup ${name} FAILED: ${error.message}`);
        }
      }),
    );
    const measured = await interleave({
      label: `B2 N=${n}`,
      names: toolNames.filter((name) => !errors[name]),
      warmup,
      reps,
      setup: (name) => createDatabase(prepared[name]),
      run: (name, db) => {
        const c = tools[name].command(ws, db);
        return timeCommand(`${name} no-op up (N=${n})`, c.command, c.args, { cwd: ws.dir, env: c.env });
      },
      verify: async (name, db) => {
        const after = await withDatabase(db, (client) => ledgerFingerprint(client, tools[name].ledger));
        if (after !== fingerprints[name]) throw new Error(`${name}: the no-op up changed its ledger (${fingerprints[name]} before, ${after} after)`);
      },
      teardown: (_name, db) => dropDatabase(db),
    });
    for (const db of Object.values(prepared)) await dropDatabase(db);
    Object.assign(errors, measured.errors);
    const stats = Object.fromEntries(Object.entries(measured.samples).filter(([, s]) => s.length).map(([name, s]) => [name, summarise(s)]));
    const cpuStats = Object.fromEntries(Object.entries(measured.cpu).filter(([, s]) => s.length).map(([name, s]) => [name, summarise(s)]));
    sizes.push({ n, seed, warmup, reps, samples: measured.samples, stats, cpu: measured.cpu, cpuStats, errors, retried: measured.retried, setupSeconds });
  }
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  const growth = Object.fromEntries(
    toolNames.filter((name) => first.stats[name] && last.stats[name]).map((name) => [name, last.stats[name].median / first.stats[name].median]),
  );
  const sm = sizes.map((s) => s.stats['safe-migrate']?.median);
  const goal = {
    maxSeconds: GOAL_SECONDS,
    flatRatio: FLAT_RATIO,
    underMax: sm.every((m) => m !== undefined && m <= GOAL_SECONDS),
    flat: growth['safe-migrate'] !== undefined && growth['safe-migrate'] <= FLAT_RATIO,
  };
  return {
    benchmark: 'B2',
    title: 'no-op up with an applied ledger',
    template: "COMMENT ON SCHEMA public IS 'bench migration i'",
    sizes,
    growth,
    goal,
  };
}

export function markdownB2(result, envLine) {
  const ns = result.sizes.map((s) => s.n);
  const cell = (size, name) => {
    const s = size.stats[name];
    return s ? `${fmtS(s.median)} (${fmtS(s.min)}–${fmtS(s.max)})` : `failed`;
  };
  const lines = [
    '# B2 — no-op `up` with an applied ledger',
    '',
    `Each tool first applies the migrations (\`${result.template}\`) itself${result.sizes.some((s) => s.seed < s.n) ? ' (at 10,000 only the first 100: see below)' : ''}; each timed run gets a fresh copy of that database and runs \`up\` again, which has nothing to do. Median (min–max) of whole-process wall clock; tools interleaved per round (${result.sizes.map((s) => `N=${s.n}: ${s.warmup} warm-up + ${s.reps} timed rounds`).join(', ')}). ${envLine}`,
    '',
    `| tool | ${ns.map((n) => `${n.toLocaleString('en-US')} applied`).join(' | ')} | ${ns[ns.length - 1].toLocaleString('en-US')} ÷ ${ns[0]} |`,
    `| --- | ${ns.map(() => '---').join(' | ')} | --- |`,
  ];
  for (const name of toolNames) {
    lines.push(`| ${name} | ${result.sizes.map((size) => cell(size, name)).join(' | ')} | ${result.growth[name] !== undefined ? fmtX(result.growth[name]) : '–'} |`);
  }
  lines.push('', 'Client CPU (median user+system CPU of the tool\'s process tree, not the server\'s; less sensitive to other load than wall clock):', '');
  lines.push(`| tool | ${ns.map((n) => `${n.toLocaleString('en-US')} applied`).join(' | ')} |`, `| --- | ${ns.map(() => '---').join(' | ')} |`);
  for (const name of toolNames) lines.push(`| ${name} | ${result.sizes.map((size) => (size.cpuStats[name] ? fmtS(size.cpuStats[name].median) : '–')).join(' | ')} |`);
  const cloned = result.sizes.filter((s) => s.seed < s.n);
  if (cloned.length) lines.push('', `${cloned.map((s) => `N=${s.n.toLocaleString('en-US')}: each tool really applied the first ${s.seed} migrations; the other ${(s.n - s.seed).toLocaleString('en-US')} rows of its ledger were copied from its own last row with only the migration's name (and id and checksum) changed.`).join(' ')} Every timed run must accept the whole ledger: exit 0 and the ledger table unchanged, row for row.`);
  lines.push('', `Untimed setup (each tool applying the migrations, in parallel, synchronous_commit off): ${result.sizes.map((s) => `N=${s.n}: ${toolNames.filter((name) => s.setupSeconds[name] !== undefined).map((name) => `${name} ${s.setupSeconds[name].toFixed(1)} s`).join(', ')}`).join('; ')}.`);
  const retries = result.sizes.flatMap((s) => Object.entries(s.retried).map(([name, why]) => `- N=${s.n} ${name}: ${why.length} failed run(s) retried on a fresh copy (${why[0]})`));
  if (retries.length) lines.push('', 'Retried runs (not timed):', '', ...retries);
  const failures = result.sizes.flatMap((s) => Object.entries(s.errors).map(([name, e]) => `- N=${s.n} ${name}: ${e.split('\n')[0]}`));
  if (failures.length) lines.push('', 'Failures:', '', ...failures);
  const g = result.goal;
  lines.push(
    '',
    `Goal (quality.md B2): safe-migrate ≤ ${g.maxSeconds} s at every size — **${g.underMax ? 'met' : 'missed'}**; flat in ledger size (largest ÷ smallest ≤ ${g.flatRatio}) — **${g.flat ? 'met' : 'missed'}**${result.growth['safe-migrate'] !== undefined ? ` (${fmtX(result.growth['safe-migrate'])})` : ''}.`,
    '',
    `"safe-migrate" runs with the checksum cache its earlier runs wrote (directories of 200+ migrations; docs/decisions.md "Checksum cache"); "safe-migrate, no cache" reads and hashes every file, as the first run after a checkout does${result.growth['safe-migrate, no cache'] !== undefined ? ` (largest ÷ smallest ${fmtX(result.growth['safe-migrate, no cache'])})` : ''}.`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
