// `baseline --to <id>` (docs/cli.md#baseline): adopting a database another tool migrated.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checksum } from '../../src/files/normalise.js';
import { makeProject, runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
let env: Record<string, string>;
beforeEach(async () => {
  db = await createTestDatabase();
  env = { DATABASE_URL: db.url };
});
afterEach(async () => {
  await db.drop();
});

const files = {
  'migrations/0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\n',
  'migrations/0002_email.sql': '-- migrate:up\nALTER TABLE users ADD COLUMN email text;\n-- migrate:down\nALTER TABLE users DROP COLUMN email;\n',
  'migrations/0003_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\n',
};

/** What another tool left behind: the schema of 0001 and 0002, and no safe-migrate ledger. */
async function migratedElsewhere(): Promise<void> {
  await db.query('CREATE TABLE users (id bigint PRIMARY KEY); ALTER TABLE users ADD COLUMN email text');
}

async function ledger(): Promise<Array<{ id: string; state: string; checksum: string; steps_done: number }>> {
  return (await db.query(`SELECT id, state, checksum, steps_done FROM safe_migrate.migrations ORDER BY id`)).rows;
}

describe('baseline', () => {
  it('records the migrations up to --to as applied without running them; up continues after them', async () => {
    await migratedElsewhere();
    const cwd = makeProject(files);
    const run = await runCli(['baseline', '--to', '0002', '--reason', 'adopted from knex'], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('recorded 0001_users as applied');
    expect(run.stdout).toContain('2 migrations recorded as applied');
    expect(await ledger()).toEqual([
      { id: '0001', state: 'applied', checksum: checksum(files['migrations/0001_users.sql']), steps_done: 1 },
      { id: '0002', state: 'applied', checksum: checksum(files['migrations/0002_email.sql']), steps_done: 1 },
    ]);
    const events = await db.query(`SELECT action, target, reason, details->'ids' AS ids FROM safe_migrate.events ORDER BY id`);
    expect(events.rows).toEqual([{ action: 'baseline', target: '0002', reason: 'adopted from knex', ids: ['0001', '0002'] }]);
    // Nothing ran: running 0001 again would have failed on the existing table.
    const up = await runCli(['up'], { cwd, env });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr + up.stdout).toMatch(/applied 0003_orders/);
    expect(up.stderr + up.stdout).not.toMatch(/applied 0001_users/);
    const status = JSON.parse((await runCli(['status', '--format', 'json'], { cwd, env })).stdout);
    expect(status.migrations.map((m: { id: string; state: string }) => `${m.id}:${m.state}`)).toEqual(['0001:applied', '0002:applied', '0003:applied']);
  });

  it('records checksums, so a baselined file edited later is caught', async () => {
    await migratedElsewhere();
    const cwd = makeProject(files);
    expect((await runCli(['baseline', '--to', '0001_users'], { cwd, env })).code).toBe(0);
    writeFiles(cwd, { 'migrations/0001_users.sql': 'CREATE TABLE users (id int PRIMARY KEY);\n' });
    const up = await runCli(['up'], { cwd, env });
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/applied migration 0001_users was edited/);
  });

  it('--dry-run lists and records nothing; --format json gives the list', async () => {
    const cwd = makeProject(files);
    const dry = await runCli(['baseline', '--to', '0002', '--dry-run', '--format', 'json'], { cwd, env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({ recorded: [{ id: '0001', name: '0001_users' }, { id: '0002', name: '0002_email' }], dryRun: true });
    expect((await db.query(`SELECT to_regclass('safe_migrate.migrations') AS t`)).rows[0].t).toBeNull();
  });

  it('refuses, recording nothing: an unknown id, a later migration already recorded, nothing left, a file that does not parse', async () => {
    const cwd = makeProject(files);
    const unknown = await runCli(['baseline', '--to', '0009'], { cwd, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--to 0009 is not a migration in the migrations directory/);

    // A database safe-migrate migrated itself: everything is recorded.
    expect((await runCli(['up'], { cwd, env })).code).toBe(0);
    const later = await runCli(['baseline', '--to', '0002'], { cwd, env });
    expect(later.code).toBe(2);
    expect(later.stderr).toMatch(/0003_orders, after 0002, is already recorded/);
    const nothing = await runCli(['baseline', '--to', '0003'], { cwd, env });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/nothing to record: every migration up to 0003 is already recorded/);

    const broken = makeProject({ ...files, 'migrations/0003_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY,,);\n' });
    const db2 = await createTestDatabase();
    try {
      const bad = await runCli(['baseline', '--to', '0003'], { cwd: broken, env: { DATABASE_URL: db2.url } });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/0003_orders\.sql:1/);
      expect((await db2.query(`SELECT to_regclass('safe_migrate.migrations') AS t`)).rows[0].t).toBeNull();
    } finally {
      await db2.drop();
    }
    expect((await ledger()).map((r) => r.id)).toEqual(['0001', '0002', '0003']);
    const events = await db.query(`SELECT count(*)::int AS n FROM safe_migrate.events WHERE action = 'baseline'`);
    expect(events.rows[0].n).toBe(0);
  });
});
