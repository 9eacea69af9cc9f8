// The compared tools and the migration files they run. Every tool gets the same SQL from one
// template: `.sql` files for safe-migrate, node-pg-migrate and the bare-pg floor, and `.cjs`
// wrappers doing `knex.raw(sql)` for knex. Every tool runs on the same Node binary as this
// process, through its own CLI (the script its `node_modules/.bin` entry points to).
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseUrl, root } from './harness.mjs';

const bin = (name) => realpathSync(join(root, 'node_modules', '.bin', name));

/** Migration templates: `table` is B1's real DDL; `comment` is a cheap DDL for large ledgers. */
export const templates = {
  table: {
    name: (i) => `create_t_${i}`,
    sql: (i) => `CREATE TABLE t_${i} (id bigint primary key, name text, created_at timestamptz default now());\n`,
    down: (i) => `DROP TABLE t_${i};`,
  },
  comment: {
    name: (i) => `comment_${i}`,
    sql: (i) => `COMMENT ON SCHEMA public IS 'bench migration ${i}';\n`,
    down: () => `COMMENT ON SCHEMA public IS NULL;`,
  },
};

/**
 * Writes N migrations into `dir`: sql/NNNN_<name>.sql, knex/NNNN_<name>.cjs and knexfile.cjs.
 * Ids are zero-padded to at least 4 digits so that name order is numeric order for every tool.
 */
export function writeWorkspace(dir, n, templateName) {
  const template = templates[templateName];
  const width = Math.max(4, String(n).length);
  const sqlDir = join(dir, 'sql');
  const knexDir = join(dir, 'knex');
  mkdirSync(sqlDir, { recursive: true });
  mkdirSync(knexDir, { recursive: true });
  for (let i = 1; i <= n; i++) {
    const base = `${String(i).padStart(width, '0')}_${template.name(i)}`;
    const sql = template.sql(i);
    writeFileSync(join(sqlDir, `${base}.sql`), sql);
    writeFileSync(
      join(knexDir, `${base}.cjs`),
      `exports.up = (knex) => knex.raw(${JSON.stringify(sql)});\nexports.down = (knex) => knex.raw(${JSON.stringify(template.down(i))});\n`,
    );
  }
  const knexfile = join(dir, 'knexfile.cjs');
  writeFileSync(
    knexfile,
    `module.exports = { client: 'pg', connection: process.env.BENCH_DATABASE_URL, migrations: { directory: ${JSON.stringify(knexDir)} } };\n`,
  );
  return { dir, n, sqlDir, knexDir, knexfile };
}

const count = async (client, sql) => Number((await client.query(sql)).rows[0].n);

/**
 * Each tool: the command that runs its `up` against database `db` in workspace `ws`, and the
 * number of migrations its ledger records as applied (checked after every run, untimed).
 */
export const tools = {
  'safe-migrate': {
    command: (ws, db) => ({
      command: process.execPath,
      args: [join(root, 'bin', 'safe-migrate.js'), 'up', '--database', databaseUrl(db), '--dir', ws.sqlDir],
    }),
    applied: (client) => count(client, `SELECT count(*) AS n FROM safe_migrate.migrations WHERE state = 'applied'`),
  },
  knex: {
    command: (ws, db) => ({
      command: process.execPath,
      args: [bin('knex'), 'migrate:latest', '--knexfile', ws.knexfile],
      // The knexfile lives outside the project, so tell the CLI where the local knex is.
      env: { BENCH_DATABASE_URL: databaseUrl(db), KNEX_PATH: join(root, 'node_modules', 'knex') },
    }),
    applied: (client) => count(client, `SELECT count(*) AS n FROM knex_migrations`),
  },
  'node-pg-migrate': {
    command: (ws, db) => ({
      command: process.execPath,
      args: [bin('node-pg-migrate'), 'up', '-m', ws.sqlDir, '-d', 'BENCH_DATABASE_URL'],
      env: { BENCH_DATABASE_URL: databaseUrl(db) },
    }),
    applied: (client) => count(client, `SELECT count(*) AS n FROM pgmigrations`),
  },
  'bare pg (floor)': {
    command: (ws, db) => ({
      command: process.execPath,
      args: [join(root, 'bench', 'floor.mjs'), databaseUrl(db), ws.sqlDir],
    }),
    applied: (client) => count(client, `SELECT count(*) AS n FROM floor_migrations`),
  },
};

export const toolNames = Object.keys(tools);
