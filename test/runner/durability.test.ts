// Group commit (docs/decisions.md, "Commits flushed once per run"): on a server, each migration
// commits with synchronous_commit off and the run ends with one synchronous commit that makes
// them all durable; flushEachMigration restores one flush per migration.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeProject, runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

// Each migration records the synchronous_commit its own transaction ran with.
const files = {
  'migrations/0001_probe.sql': `CREATE TABLE probe (id int, setting text);\nINSERT INTO probe VALUES (1, current_setting('synchronous_commit'));\n`,
  'migrations/0002_probe.sql': `INSERT INTO probe VALUES (2, current_setting('synchronous_commit'));\n`,
};

/** Transaction ids as numbers: which of two commits came later. */
async function xmins(): Promise<{ lastMigration: number; flush: number }> {
  const ledger = await db.query(`SELECT max(xmin::text::bigint) AS x FROM safe_migrate.migrations`);
  const meta = await db.query(`SELECT xmin::text::bigint AS x FROM safe_migrate.meta WHERE key = 'layout'`);
  return { lastMigration: Number(ledger.rows[0].x), flush: Number(meta.rows[0].x) };
}

describe('commits and durability', () => {
  it('by default: migrations commit asynchronously, then one synchronous commit after the last flushes them all', async () => {
    const cwd = makeProject(files);
    const up = await runCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    expect(up.code).toBe(0);
    const { rows } = await db.query(`SELECT id, setting FROM probe ORDER BY id`);
    expect(rows).toEqual([
      { id: 1, setting: 'off' },
      { id: 2, setting: 'off' },
    ]);
    // The flush writes the layout row after the last migration committed, under the session's own setting.
    const { lastMigration, flush } = await xmins();
    expect(flush).toBeGreaterThan(lastMigration);
  });

  it('with flushEachMigration: every migration commits synchronously and no flush is needed', async () => {
    const cwd = makeProject({ ...files, 'safe-migrate.config.json': JSON.stringify({ flushEachMigration: true }) });
    const up = await runCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    expect(up.code).toBe(0);
    const { rows } = await db.query(`SELECT id, setting FROM probe ORDER BY id`);
    expect(rows.map((r) => r.setting)).toEqual(['on', 'on']);
    const { lastMigration, flush } = await xmins();
    expect(flush).toBeLessThan(lastMigration);
  });

  it('a failed run still flushes what it committed before the failure', async () => {
    const cwd = makeProject({ ...files, 'migrations/0003_bad.sql': 'SELECT * FROM no_such_table;\n' });
    const up = await runCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    expect(up.code).toBe(4);
    const { lastMigration, flush } = await xmins();
    expect(flush).toBeGreaterThan(lastMigration);
  });

  it('the ledger row written with COMMIT records how long the migration ran', async () => {
    const cwd = makeProject({ 'migrations/0001_slow.sql': 'CREATE TABLE slow (id int);\nSELECT pg_sleep(0.3);\n' });
    expect((await runCli(['up'], { cwd, env: { DATABASE_URL: db.url } })).code).toBe(0);
    const { rows } = await db.query(`SELECT duration_ms FROM safe_migrate.migrations`);
    expect(rows[0].duration_ms).toBeGreaterThanOrEqual(300);
  });

  it('a migrator that may not update the internal meta table commits every migration synchronously instead', async () => {
    const cwd = makeProject({ 'migrations/0001_probe.sql': files['migrations/0001_probe.sql'] });
    // The internal tables created by another role, with every grant but UPDATE on meta.
    expect((await runCli(['up'], { cwd, env: { DATABASE_URL: db.url } })).code).toBe(0);
    const role = `sm_nometa_${db.name.slice(-8)}`;
    await db.query(`CREATE ROLE ${role} LOGIN`);
    try {
      await db.query(`GRANT CREATE, USAGE ON SCHEMA public, safe_migrate TO ${role};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA safe_migrate TO ${role};
        REVOKE UPDATE ON safe_migrate.meta FROM ${role};
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA safe_migrate TO ${role};
        GRANT SELECT, INSERT ON public.probe TO ${role}`);
      writeFiles(cwd, { 'migrations/0002_probe.sql': files['migrations/0002_probe.sql'] });
      const url = new URL(db.url);
      url.username = role;
      const up = await runCli(['up'], { cwd, env: { DATABASE_URL: url.toString() } });
      expect(up.code, up.stderr).toBe(0);
      const { rows } = await db.query(`SELECT id, setting FROM probe ORDER BY id`);
      expect(rows).toEqual([
        { id: 1, setting: 'off' },
        { id: 2, setting: 'on' },
      ]);
    } finally {
      await db.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });
});
