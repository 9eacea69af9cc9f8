// up / status / down for every migration file form, on a real PostgreSQL.
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

const FORMS: Record<string, Record<string, string>> = {
  'single file with -- migrate:up/down': {
    'migrations/0001_create_a.sql': '-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n',
  },
  '.up.sql/.down.sql pair': {
    'migrations/0001_create_a.up.sql': 'CREATE TABLE a (id int);\n',
    'migrations/0001_create_a.down.sql': 'DROP TABLE a;\n',
  },
  'directory per migration (diesel)': {
    'migrations/0001_create_a/up.sql': 'CREATE TABLE a (id int);\n',
    'migrations/0001_create_a/down.sql': 'DROP TABLE a;\n',
  },
  'goose sections': {
    'migrations/0001_create_a.sql': '-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE a (id int);\n-- +goose StatementEnd\n-- +goose Down\nDROP TABLE a;\n',
  },
  'knex module (ESM)': {
    'migrations/0001_create_a.mjs': "export async function up(knex) { await knex.schema.createTable('a', (t) => { t.integer('id'); }); }\nexport async function down(knex) { await knex.schema.dropTable('a'); }\n",
  },
  'knex module (CommonJS)': {
    'migrations/0001_create_a.cjs': "exports.up = (knex) => knex.raw('CREATE TABLE a (id int)');\nexports.down = (knex) => knex.schema.dropTable('a');\n",
  },
};

async function tableExists(name: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT to_regclass($1) IS NOT NULL AS e`, [`public.${name}`]);
  return rows[0].e;
}

describe.each(Object.entries(FORMS))('%s', (_name, files) => {
  it('applies with up, shows applied in status, and rolls back with down', async () => {
    const cwd = makeProject({
      ...files,
      'migrations/0002_create_b.sql': '-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n',
    });
    const env = { DATABASE_URL: db.url };
    const up = await runCli(['up'], { cwd, env });
    expect(up.stderr).not.toContain('Error');
    expect(up.code).toBe(0);
    expect(await tableExists('a')).toBe(true);
    expect(await tableExists('b')).toBe(true);

    const status = await runCli(['status', '--format', 'json'], { cwd, env });
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report.migrations.map((m: any) => [m.id, m.state])).toEqual([
      ['0001', 'applied'],
      ['0002', 'applied'],
    ]);
    expect(report.migrations[0].checksum).toMatch(/^[0-9a-f]{64}$/);

    const down = await runCli(['down', '--steps', '2'], { cwd, env });
    expect(down.code).toBe(0);
    expect(await tableExists('a')).toBe(false);
    expect(await tableExists('b')).toBe(false);
    const after = JSON.parse((await runCli(['status', '--format', 'json'], { cwd, env })).stdout);
    expect(after.migrations.map((m: any) => m.state)).toEqual(['pending', 'pending']);
  });
});

describe('prisma layout (up only)', () => {
  it('applies migration.sql and refuses to roll back without a down part', async () => {
    const cwd = makeProject({ 'migrations/20240101000000_init/migration.sql': 'CREATE TABLE a (id int);\n' });
    const env = { DATABASE_URL: db.url };
    expect((await runCli(['up'], { cwd, env })).code).toBe(0);
    expect(await tableExists('a')).toBe(true);
    const down = await runCli(['down'], { cwd, env });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('no down part');
    expect(await tableExists('a')).toBe(true);
  });
});
