// R4 (short form): concurrent `up` runs apply each step exactly once, including a
// CREATE INDEX CONCURRENTLY step (the advisory-lock deadlock other tools hit).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

function project(): string {
  const files: Record<string, string> = {};
  for (let i = 1; i <= 6; i++) files[`migrations/000${i}_t${i}.sql`] = `CREATE TABLE t${i} (id int);\nINSERT INTO t${i} SELECT generate_series(1, 1000);`;
  files['migrations/0007_index.sql'] = 'CREATE INDEX CONCURRENTLY t1_id_idx ON t1 (id);\nALTER TABLE t2 ADD COLUMN note text;';
  return makeProject(files);
}

describe('concurrent up runs (R4)', () => {
  it.each([2, 4])('%i runs apply every migration exactly once, with no deadlock and no invalid index', async (n) => {
    const cwd = project();
    const runs = await Promise.all(Array.from({ length: n }, () => runCli(['up'], { cwd, env: { DATABASE_URL: db.url } })));
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/deadlock|40P01/);
      expect(run.code).toBe(0);
    }
    const { rows } = await db.query(`SELECT id, count(*)::int AS n FROM safe_migrate.migrations GROUP BY id ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual(['0001', '0002', '0003', '0004', '0005', '0006', '0007']);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const applied = await db.query(`SELECT count(*)::int AS n FROM safe_migrate.events WHERE action = 'up'`);
    expect(applied.rows[0].n).toBe(7);
    const invalid = await db.query(`SELECT count(*)::int AS n FROM pg_index WHERE NOT indisvalid`);
    expect(invalid.rows[0].n).toBe(0);
    const rowsInT1 = await db.query(`SELECT count(*)::int AS n FROM t1`);
    expect(rowsInT1.rows[0].n).toBe(1000);
  });
});
