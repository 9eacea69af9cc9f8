// Statements PostgreSQL refuses in a transaction run as their own steps (spec §7.3).
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

describe('non-transactional statements', () => {
  it('runs CREATE INDEX CONCURRENTLY outside a transaction, between transactional steps, and rolls it back', async () => {
    const cwd = makeProject({
      'migrations/0001_t.sql': 'CREATE TABLE t (id int, email text);',
      'migrations/0002_index.sql': [
        '-- migrate:up',
        'ALTER TABLE t ADD COLUMN note text;',
        'CREATE INDEX CONCURRENTLY t_email_idx ON t (email);',
        'ALTER TABLE t ADD COLUMN other text;',
        '-- migrate:down',
        'DROP INDEX CONCURRENTLY t_email_idx;',
        'ALTER TABLE t DROP COLUMN note, DROP COLUMN other;',
      ].join('\n'),
    });
    const env = { DATABASE_URL: db.url };
    const plan = await runCli(['plan', '--format', 'json'], { cwd, env });
    expect(plan.code).toBe(0);
    const steps = JSON.parse(plan.stdout).migrations[1].steps;
    expect(steps.map((s: any) => s.transactional)).toEqual([true, false, true]);

    const up = await runCli(['up'], { cwd, env });
    expect(up.code).toBe(0);
    const { rows } = await db.query(`SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.t_email_idx'::regclass`);
    expect(rows).toEqual([{ indisvalid: true }]);
    const ledger = await db.query(`SELECT state, steps_done, steps_total FROM safe_migrate.migrations WHERE id = '0002'`);
    expect(ledger.rows).toEqual([{ state: 'applied', steps_done: 3, steps_total: 3 }]);

    expect((await runCli(['down'], { cwd, env })).code).toBe(0);
    const gone = await db.query(`SELECT to_regclass('public.t_email_idx') IS NULL AS gone`);
    expect(gone.rows[0].gone).toBe(true);
  });

  it('removes the invalid index a failed CREATE INDEX CONCURRENTLY leaves, and records nothing', async () => {
    const cwd = makeProject({
      'migrations/0001_t.sql': 'CREATE TABLE t (id int);\nINSERT INTO t VALUES (1), (1);',
      'migrations/0002_unique.sql': 'CREATE UNIQUE INDEX CONCURRENTLY t_id_key ON t (id);',
    });
    const up = await runCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    expect(up.code).toBe(4);
    expect(up.stderr).toContain('0002_unique.sql:1:1');
    const idx = await db.query(`SELECT to_regclass('public.t_id_key') IS NULL AS gone`);
    expect(idx.rows[0].gone).toBe(true);
    const ledger = await db.query(`SELECT id FROM safe_migrate.migrations ORDER BY id`);
    expect(ledger.rows.map((r) => r.id)).toEqual(['0001']);
  });
});
