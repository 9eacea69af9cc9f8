// R4 (long form; 2 and 4 runs are in test/runner/concurrency.test.ts): 8 concurrent `up` runs
// over a set with CONCURRENTLY steps, and an `up` racing a `down`.
import { afterEach, beforeEach, describe, expect, it, inject } from 'vitest';
import { makeProject, runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { assertInvariants, converge, prefetchReference, readLedger } from '../helpers/invariants.js';
import { iterations, loopTimeout, runChild, startCli, waitForMigratorQuery } from './support.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

const adminUrl = () => inject('adminUrl');

function project(): string {
  const files: Record<string, string> = {};
  for (let i = 1; i <= 4; i++) files[`migrations/000${i}_t${i}.sql`] = `CREATE TABLE t${i} (id int, v text);\nINSERT INTO t${i} SELECT g, g::text FROM generate_series(1, 5000) g;\n`;
  files['migrations/0005_idx.sql'] = 'CREATE INDEX CONCURRENTLY t1_v_idx ON t1 (v);\n';
  files['migrations/0006_mixed.sql'] = 'ALTER TABLE t2 ADD COLUMN note text;\nCREATE UNIQUE INDEX CONCURRENTLY t2_id_key ON t2 (id);\nALTER TABLE t3 ADD COLUMN note text;\n';
  files['migrations/0007_idx.sql'] = 'CREATE INDEX CONCURRENTLY t4_v_idx ON t4 (v);\n';
  files['migrations/0008_last.sql'] = 'CREATE TABLE t8 (id int);\n';
  return makeProject(files);
}

describe('concurrent runs (R4)', () => {
  const rounds = iterations(1, 5);
  it(`8 concurrent up runs apply every migration exactly once, without deadlock or invalid index (${rounds} round(s))`, async () => {
    const cwd = project();
    prefetchReference(cwd, { adminUrl: adminUrl() });
    for (let round = 0; round < rounds; round++) {
      const target = round === 0 ? db : await createTestDatabase();
      try {
        const runs = await Promise.all(Array.from({ length: 8 }, () => runChild(['up'], { cwd, env: { DATABASE_URL: target.url }, timeoutMs: 120_000 })));
        for (const run of runs) {
          expect(run.stderr).not.toMatch(/deadlock|40P01/);
          expect(run.code, run.stderr).toBe(0);
        }
        // Each migration reported applied by exactly one run; the others waited and found nothing to do.
        const reported = runs.flatMap((r) => [...r.stderr.matchAll(/^applied (\S+)/gm)].map((m) => m[1]));
        expect(reported.sort()).toEqual(['0001_t1', '0002_t2', '0003_t3', '0004_t4', '0005_idx', '0006_mixed', '0007_idx', '0008_last']);
        expect(runs.filter((r) => /waiting for the migration lock|Nothing to apply/.test(r.stderr + r.stdout)).length).toBeGreaterThan(0);
        const events = await target.query(`SELECT target, count(*)::int AS n FROM safe_migrate.events WHERE action = 'up' GROUP BY target ORDER BY target`);
        expect(events.rows.every((r) => r.n === 1)).toBe(true);
        expect(events.rows).toHaveLength(8);
        await assertInvariants(target, `${cwd}/migrations`);
        await converge(target, cwd, { adminUrl: adminUrl() });
      } finally {
        if (target !== db) await target.drop();
      }
    }
  }, loopTimeout(60_000, 1, 5));

  it('an up racing a down: the down undoes the newest applied migration under the lock, never one below others', async () => {
    const cwd = makeProject({
      'migrations/0001_a.sql': '-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n',
      'migrations/0002_b.sql': '-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n',
    });
    const env = { DATABASE_URL: db.url };
    expect((await runCli(['up'], { cwd, env })).code).toBe(0);
    // The up holds the lock in a slow migration while the down plans and waits for the lock.
    writeFiles(cwd, {
      'migrations/0003_c.sql': "-- migrate:up\nCREATE TABLE c (id int);\nSELECT pg_sleep(CASE WHEN to_regclass('public.race_flag') IS NULL THEN 0 ELSE 2 END);\n-- migrate:down\nDROP TABLE c;\n",
      'migrations/0004_d.sql': '-- migrate:up\nCREATE TABLE d (id int);\n-- migrate:down\nDROP TABLE d;\n',
    });
    await db.query('CREATE TABLE race_flag ()');
    const up = startCli(['up'], { cwd, env });
    await waitForMigratorQuery(db, '%pg_sleep%');
    const down = startCli(['down'], { cwd, env });
    const [upRun, downRun] = await Promise.all([up.done, down.done]);
    await db.query('DROP TABLE race_flag');
    expect(upRun.code, upRun.stderr).toBe(0);
    expect(downRun.stderr).not.toMatch(/deadlock|40P01/);
    // Whatever the down did, the ledger must still be a prefix of the files (I2) and agree with the catalog (I1).
    await assertInvariants(db, `${cwd}/migrations`);
    const ledger = (await readLedger(db)).map((r) => r.id);
    if (downRun.code === 0) expect(ledger).toEqual(['0001', '0002', '0003']); // it undid the newest, 0004
    else expect(ledger).toEqual(['0001', '0002', '0003', '0004']); // or refused, naming the change
  });
});
