// Batches (spec §7.8): primary-key-ordered keyset batches update every matching row exactly
// once, with a single-column and a composite primary key; the default `<column> IS NULL`
// condition skips rows already filled, so a rerun picks up only what is left.
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { bin } from '../helpers/cli.js';
import { countingTable, countUpdates, fixture, hitHistogram, type Fixture } from './support.js';

/** util-linux `script` gives the CLI a pseudo-terminal, so the progress bar can be seen as a user sees it. */
const hasScript = spawnSync('script', ['--version']).status === 0;
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

let fx: Fixture;
afterEach(async () => {
  await fx?.db.drop();
});

describe('backfill batches', () => {
  it('updates 10,000 rows exactly once in batches of 500 (single-column key)', async () => {
    fx = await fixture();
    await countingTable(fx.db, 10_000);
    const run = await fx.cli('backfill', 'public.t', '--set', 'c = v * 2', '--batch-size', '500', '--pause', '0', '--format', 'json');
    expect(run.stderr).not.toMatch(/safe-migrate:/);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ status: 'done', target: 'public.t.c', rows: 10_000, rowsTotal: 10_000, batches: 20, start: 'new' });
    expect(summary.rowsPerSecond).toBeGreaterThan(0);
    expect(summary.longestBatchMs).toBeGreaterThanOrEqual(0);
    expect(await hitHistogram(fx.db)).toEqual({ 1: 10_000 });
    const wrong = await fx.db.query(`SELECT count(*)::int AS n FROM t WHERE c IS DISTINCT FROM v * 2`);
    expect(wrong.rows[0].n).toBe(0);

    const progress = await fx.db.query(`SELECT set_sql, where_sql, last_key, rows_done, finished_at FROM safe_migrate.backfills WHERE target = 'public.t.c'`);
    expect(progress.rows[0]).toMatchObject({ set_sql: 'c = v * 2', where_sql: '"c" IS NULL', last_key: ['10000'], rows_done: '10000' });
    expect(progress.rows[0].finished_at).not.toBeNull();
    const events = await fx.db.query(`SELECT action, target, details FROM safe_migrate.events WHERE action = 'backfill'`);
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0]).toMatchObject({ target: 'public.t.c', details: { rows: 10_000, batches: 20, set: 'c = v * 2' } });
    expect(typeof events.rows[0].details.seconds).toBe('number');
  });

  it('walks a composite primary key in key order (quoted schema and table names), each row once', async () => {
    fx = await fixture();
    await fx.db.query(`CREATE SCHEMA "App"`);
    await fx.db.query(`CREATE TABLE "App"."Order Lines" (order_id int, line text, v int NOT NULL, c int, hits int NOT NULL DEFAULT 0, PRIMARY KEY (order_id, line))`);
    // Inserted in random order, with many lines per order: the cursor must follow (order_id, line), not insertion order.
    await fx.db.query(`INSERT INTO "App"."Order Lines" (order_id, line, v) SELECT g % 97, 'line-' || g, g FROM generate_series(1, 10000) g ORDER BY random()`);
    await countUpdates(fx.db, `"App"."Order Lines"`);
    const run = await fx.cli('backfill', '"App"."Order Lines"', '--set', 'c = v + 1', '--batch-size', '500', '--pause', '0', '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'done', target: 'App.Order Lines.c', rows: 10_000, batches: 20 });
    expect(await hitHistogram(fx.db, `"App"."Order Lines"`)).toEqual({ 1: 10_000 });
    const wrong = await fx.db.query(`SELECT count(*)::int AS n FROM "App"."Order Lines" WHERE c IS DISTINCT FROM v + 1`);
    expect(wrong.rows[0].n).toBe(0);
    const progress = await fx.db.query(`SELECT last_key FROM safe_migrate.backfills`);
    const last = await fx.db.query(`SELECT order_id::text, line FROM "App"."Order Lines" ORDER BY order_id DESC, line DESC LIMIT 1`);
    expect(progress.rows[0].last_key).toEqual([last.rows[0].order_id, last.rows[0].line]);
  });

  it('with the default condition skips filled rows, and a rerun has nothing left to do', async () => {
    fx = await fixture();
    await countingTable(fx.db, 5_000);
    // Rows the application already wrote (the rollout is dual-written): no update for them.
    await fx.db.query(`ALTER TABLE t DISABLE TRIGGER count_hits`);
    await fx.db.query(`UPDATE t SET c = -1 WHERE id % 3 = 0`);
    await fx.db.query(`ALTER TABLE t ENABLE TRIGGER count_hits`);
    const first = await fx.cli('backfill', 't', '--set', 'c = v', '--batch-size', '400', '--pause', '0');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^backfilled 3,334 rows of public\.t\.c in [\d.]+ s \([\d,]+ rows\/s, 9 batches, longest batch [\d,]+ ms\)\.$/m);
    // Plain progress lines on stderr when not a terminal.
    expect(first.stderr).toMatch(/^backfill public\.t\.c: 400 \/ 3,334 rows \(11%\), [\d,]+ rows\/s, ETA \d+s$/m);
    expect(await hitHistogram(fx.db)).toEqual({ 0: 1_666, 1: 3_334 });
    const filled = await fx.db.query(`SELECT count(*) FILTER (WHERE c = -1)::int AS app, count(*) FILTER (WHERE c = v)::int AS backfilled FROM t`);
    expect(filled.rows[0]).toEqual({ app: 1_666, backfilled: 3_334 });

    const again = await fx.cli('backfill', 't', '--set', 'c = v', '--batch-size', '400', '--pause', '0');
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('Nothing to backfill: no row of public.t matches the condition.');
    expect(await hitHistogram(fx.db)).toEqual({ 0: 1_666, 1: 3_334 });
  });

  it('exits 4 naming the batch when a batch’s statement fails; the batches before it stay done', async () => {
    fx = await fixture();
    await countingTable(fx.db, 1_000);
    const run = await fx.cli('backfill', 't', '--set', 'c = 1000 / v', '--batch-size', '300', '--pause', '0');
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('safe-migrate: backfill of public.t.c failed in batch 4 (after key ["900"]): division by zero — that batch was rolled back and the 900 rows before it stay done; fix the expression and run again');
    expect(await hitHistogram(fx.db)).toEqual({ 0: 100, 1: 900 });
  });

  it.runIf(hasScript)('on a terminal draws one progress bar, redrawn in place, in colour unless NO_COLOR', async () => {
    fx = await fixture();
    await countingTable(fx.db, 4_000);
    const command = [process.execPath, bin, 'backfill', 't', '--set', 'c = v', '--batch-size', '200', '--pause', '20ms'].map(shellQuote).join(' ');
    const tty = (env: Record<string, string>) => {
      const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: fx!.cwd, env: { ...process.env, ...fx!.env, ...env, COLUMNS: '120' }, encoding: 'utf8' });
      expect(result.status).toBe(0);
      return result.stdout;
    };
    const coloured = tty({ NO_COLOR: '' });
    expect(coloured).toMatch(/\x1b\[32m█+\x1b\[0m\x1b\[2m░+\x1b\[0m [\d,]+ \/ 4,000 rows \(\d+%\), [\d,]+ rows\/s, ETA \d+s\r\x1b\[2K/);
    expect(coloured).toMatch(/backfilled 4,000 rows of public\.t\.c in/);
    // No plain progress lines on a terminal: the bar is the progress.
    expect(coloured).not.toMatch(/^backfill public\.t\.c: /m);
    await fx.db.query(`UPDATE t SET c = NULL`);
    const plain = tty({ NO_COLOR: '1' });
    expect(plain).not.toContain('\x1b[32m');
    expect(plain).toMatch(/█+░* [\d,]+ \/ 4,000 rows/);
  });
});
