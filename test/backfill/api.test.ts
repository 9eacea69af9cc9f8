// The library face (spec §10): migrator.backfill() returns results, never prints or exits. An
// AbortSignal stops it after the batch in flight commits (status `interrupted`); progress comes
// through onProgress; resuming is the same call again. Also on the embedded PGlite database.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createMigrator } from '../../src/runner/index.js';
import type { BackfillProgress } from '../../src/runner/backfill.js';
import { makeProject } from '../helpers/cli.js';
import { countingTable, fixture, hitHistogram, type Fixture } from './support.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.db.drop();
  fx = undefined;
});

describe('migrator.backfill()', () => {
  it('reports progress, stops on an AbortSignal after a committed batch, and resumes', async () => {
    fx = await fixture();
    await countingTable(fx.db, 3_000);
    const config = await loadConfig({ cwd: fx.cwd, env: {}, overrides: { database: fx.db.url } });
    const migrator = createMigrator({ config });
    try {
      const controller = new AbortController();
      const seen: BackfillProgress[] = [];
      const first = await migrator.backfill({
        table: 't',
        set: 'c = v + 7',
        batchSize: 200,
        pauseMs: 0,
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.batches === 4) controller.abort();
        },
      });
      expect(first).toMatchObject({ status: 'interrupted', target: 'public.t.c', rows: 800, rowsTotal: 800, batches: 4, start: 'new', warnings: [] });
      expect(seen.map((p) => p.rows)).toEqual([200, 400, 600, 800]);
      expect(seen[0]).toMatchObject({ target: 'public.t.c', rowsBefore: 0, estimate: 3_000, estimateKind: 'count', batches: 1 });
      expect(seen[0]!.etaSeconds).toBeGreaterThanOrEqual(0);

      const rest = await migrator.backfill({ table: 't', set: 'c = v + 7', batchSize: 200, pauseMs: 0 });
      expect(rest).toMatchObject({ status: 'done', rows: 2_200, rowsTotal: 3_000, batches: 11, start: 'resume' });
      expect(rest.longestBatchMs).toBeGreaterThanOrEqual(0);
      expect(rest.rowsPerSecond).toBeGreaterThan(0);
    } finally {
      await migrator.close();
    }
    expect(await hitHistogram(fx.db)).toEqual({ 1: 3_000 });
  });

  it('returns status failed when a batch’s statement fails, keeping the batches before it', async () => {
    fx = await fixture();
    await countingTable(fx.db, 1_000);
    const config = await loadConfig({ cwd: fx.cwd, env: {}, overrides: { database: fx.db.url } });
    const migrator = createMigrator({ config });
    try {
      // v = 0 at id 1000 (v is id % 1000): the last batch divides by zero.
      const result = await migrator.backfill({ table: 't', set: 'c = 1000 / v', batchSize: 300, pauseMs: 0 });
      expect(result).toMatchObject({ status: 'failed', rows: 900, batches: 3, failure: { code: '22012', batch: 4, afterKey: ['900'], message: 'division by zero' } });
    } finally {
      await migrator.close();
    }
    expect(await hitHistogram(fx.db)).toEqual({ 0: 100, 1: 900 });
  });

  it('works on the embedded database (PGlite)', async () => {
    const cwd = makeProject({ 'migrations/0001_t.sql': `CREATE TABLE t (a int, b text, c int, PRIMARY KEY (a, b));\nINSERT INTO t (a, b) SELECT g % 10, 'k' || g FROM generate_series(1, 1500) g;` });
    const config = await loadConfig({ cwd, env: {}, overrides: { database: 'pglite:memory' } });
    const migrator = createMigrator({ config });
    try {
      expect((await migrator.up()).status).toBe('ok');
      const result = await migrator.backfill({ table: 't', set: 'c = a * 2', batchSize: 400, pauseMs: 0 });
      expect(result).toMatchObject({ status: 'done', rows: 1_500, batches: 4 });
      const again = await migrator.backfill({ table: 't', set: 'c = a * 2', batchSize: 400, pauseMs: 0 });
      expect(again).toMatchObject({ status: 'done', rows: 0, start: 'restart-finished' });
    } finally {
      await migrator.close();
    }
  });
});
