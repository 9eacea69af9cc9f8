// R11: lock_timeout / statement_timeout are SET LOCAL (transactional steps) or set and reset on
// the migrator's own session (autocommit steps): every step sees the configured values, and no
// other connection — during or after the run — sees anything but the server's defaults.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeProject } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { assertInvariants } from '../helpers/invariants.js';
import { startCli, waitForMigratorQuery } from './support.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

const SETTINGS = ['lock_timeout', 'statement_timeout', 'idle_in_transaction_session_timeout', 'client_connection_check_interval'];

async function freshSettings(): Promise<Record<string, string>> {
  const { rows } = await db.query(`SELECT name, setting FROM pg_settings WHERE name = ANY($1) ORDER BY name`, [SETTINGS]);
  return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
}

async function roleAndDatabaseSettings(): Promise<string[]> {
  const { rows } = await db.query(`SELECT coalesce(setdatabase::text, '-') || ':' || coalesce(setrole::text, '-') || ':' || array_to_string(setconfig, ',') AS s FROM pg_db_role_setting ORDER BY 1`);
  return rows.map((r) => r.s);
}

const record = (label: string) =>
  `INSERT INTO seen VALUES ('${label}', current_setting('lock_timeout'), current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout'));`;

describe('timeouts never leak (R11)', () => {
  it('each step runs with the configured lock_timeout; other sessions keep the defaults during and after the run', async () => {
    const cwd = makeProject({
      'safe-migrate.config.json': JSON.stringify({ lockTimeout: '1234ms', statementTimeout: '4321ms' }),
      'migrations/0001_seen.sql': `CREATE TABLE seen (label text, lock_timeout text, statement_timeout text, idle_timeout text);\n${record('transactional')}\n`,
      // A file that sets session values itself (pg_dump output does): they stay on the migrator's session.
      'migrations/0002_sets.sql': "SET statement_timeout = '7s';\nSET lock_timeout = '9s';\nCREATE TABLE t (id int);\n",
      'migrations/0003_cic.sql': 'CREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n',
      'migrations/0004_after.sql': `${record('after a session SET and an autocommit step')}\nSELECT pg_sleep(CASE WHEN to_regclass('public.r11_flag') IS NULL THEN 0 ELSE 1.5 END);\n`,
      'migrations/0005_knex.mjs': `export async function up(knex) {
  await knex.raw("INSERT INTO seen VALUES ('knex', current_setting('lock_timeout'), current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout'))");
}
export async function down() {}
`,
    });
    const defaults = await freshSettings();
    const persisted = await roleAndDatabaseSettings();
    await db.query('CREATE TABLE r11_flag ()');
    const child = startCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    await waitForMigratorQuery(db, '%pg_sleep%');
    const during = await freshSettings();
    await db.query('DROP TABLE r11_flag');
    const run = await child.done;
    expect(run.code, run.stderr).toBe(0);

    expect(during).toEqual(defaults);
    expect(await freshSettings()).toEqual(defaults);
    expect(await roleAndDatabaseSettings()).toEqual(persisted);
    const { rows } = await db.query(`SELECT label, lock_timeout, idle_timeout FROM seen ORDER BY label`);
    expect(rows).toEqual([
      { label: 'after a session SET and an autocommit step', lock_timeout: '1234ms', idle_timeout: '1min' },
      { label: 'knex', lock_timeout: '1234ms', idle_timeout: '1min' },
      { label: 'transactional', lock_timeout: '1234ms', idle_timeout: '1min' },
    ]);
    await assertInvariants(db, `${cwd}/migrations`);
  });
});
