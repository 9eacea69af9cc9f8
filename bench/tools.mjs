// The compared tools and the migration files they run. Every tool gets the same SQL from one
// template: `.sql` files for safe-migrate, node-pg-migrate and the bare-pg floor, and `.cjs`
// wrappers doing `knex.raw(sql)` for knex. Every tool runs on the same Node binary as this
// process, through its own CLI (the script its `node_modules/.bin` entry points to).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, realpathSync, utimesSync, writeFileSync } from 'node:fs';
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
export function writeWorkspace(dir, n, templateName, width = Math.max(4, String(n).length)) {
  const template = templates[templateName];
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
  // Dated a minute back, like files of a checkout that were not just written: safe-migrate's
  // checksum cache skips files modified in the last 2 s (docs/decisions.md "Checksum cache").
  const past = new Date(Date.now() - 60_000);
  for (const d of [sqlDir, knexDir]) for (const f of readdirSync(d)) utimesSync(join(d, f), past, past);
  const knexfile = join(dir, 'knexfile.cjs');
  writeFileSync(
    knexfile,
    `module.exports = { client: 'pg', connection: process.env.BENCH_DATABASE_URL, migrations: { directory: ${JSON.stringify(knexDir)} } };\n`,
  );
  return { dir, n, width, template: templateName, sqlDir, knexDir, knexfile };
}

/** The base name (no extension) of migration i in a workspace. */
export function baseName(ws, i) {
  return `${String(i).padStart(ws.width, '0')}_${templates[ws.template].name(i)}`;
}

/**
 * Adds ledger rows for migrations from..to of `ws` to a ledger that already records migration
 * from-1 (really applied by the tool): each new row is a copy of that row with only the
 * columns naming the migration changed (`ledgerKey` of the tool), and serial or identity
 * columns left to their defaults. Used for B2's 10,000-row ledgers; the timed no-op `up`
 * then has to accept every row (exit 0, ledger unchanged), which checks the copies.
 */
export async function cloneLedgerRows(client, name, ws, from, to) {
  const tool = tools[name];
  const [schema, table] = tool.ledger.includes('.') ? tool.ledger.split('.') : ['public', tool.ledger];
  const { rows: columns } = await client.query(
    `SELECT column_name AS name, column_default AS def, is_identity AS ident FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
  const keyOf = (i) => tool.ledgerKey(ws, i);
  const overridden = Object.keys(keyOf(from));
  const copied = columns.filter((c) => !overridden.includes(c.name) && !String(c.def ?? '').startsWith('nextval(') && c.ident !== 'YES');
  const match = Object.entries(keyOf(from - 1));
  const arrays = overridden.map((col) => Array.from({ length: to - from + 1 }, (_, k) => keyOf(from + k)[col]));
  const q = (ident) => `"${ident.replace(/"/g, '""')}"`;
  const sql =
    `INSERT INTO ${tool.ledger} (${[...overridden, ...copied.map((c) => c.name)].map(q).join(', ')})
     SELECT ${[...overridden.map((_, k) => `v.c${k}`), ...copied.map((c) => `t.${q(c.name)}`)].join(', ')}
       FROM ${tool.ledger} t
       CROSS JOIN unnest(${overridden.map((_, k) => `$${k + 1}::text[]`).join(', ')}) WITH ORDINALITY AS v(${overridden.map((_, k) => `c${k}`).join(', ')}, ord)
      WHERE ${match.map(([col], k) => `t.${q(col)} = $${overridden.length + k + 1}`).join(' AND ')}
      ORDER BY v.ord`;
  const result = await client.query(sql, [...arrays, ...match.map(([, value]) => value)]);
  if (result.rowCount !== to - from + 1) throw new Error(`${name}: cloning ledger rows inserted ${result.rowCount} of ${to - from + 1}`);
}

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

const count = async (client, sql) => Number((await client.query(sql)).rows[0].n);

/** A digest of a whole ledger table (every column, timestamps included): a no-op must not change it. */
export async function ledgerFingerprint(client, table) {
  const { rows } = await client.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM ${table} t`);
  return `${rows[0].n}:${rows[0].digest}`;
}

/**
 * Each tool: the command that runs its `up` against database `db` in workspace `ws`, its ledger
 * table, and the number of migrations that ledger records as applied (checked after every run, untimed).
 */
export const tools = {
  'safe-migrate': {
    command: (ws, db) => ({
      command: process.execPath,
      args: [join(root, 'bin', 'safe-migrate.js'), 'up', '--database', databaseUrl(db), '--dir', ws.sqlDir],
    }),
    ledger: 'safe_migrate.migrations',
    // Checksum: SHA-256 of the file (spec §2; the generated files have no BOM and no CR to normalise).
    ledgerKey: (ws, i) => ({ id: String(i).padStart(ws.width, '0'), name: baseName(ws, i), checksum: sha256(templates[ws.template].sql(i)) }),
    applied: (client) => count(client, `SELECT count(*) AS n FROM safe_migrate.migrations WHERE state = 'applied'`),
  },
  knex: {
    command: (ws, db) => ({
      command: process.execPath,
      args: [bin('knex'), 'migrate:latest', '--knexfile', ws.knexfile],
      // The knexfile lives outside the project, so tell the CLI where the local knex is.
      env: { BENCH_DATABASE_URL: databaseUrl(db), KNEX_PATH: join(root, 'node_modules', 'knex') },
    }),
    ledger: 'knex_migrations',
    ledgerKey: (ws, i) => ({ name: `${baseName(ws, i)}.cjs` }),
    applied: (client) => count(client, `SELECT count(*) AS n FROM knex_migrations`),
  },
  'node-pg-migrate': {
    command: (ws, db) => ({
      command: process.execPath,
      args: [bin('node-pg-migrate'), 'up', '-m', ws.sqlDir, '-d', 'BENCH_DATABASE_URL'],
      env: { BENCH_DATABASE_URL: databaseUrl(db) },
    }),
    ledger: 'pgmigrations',
    ledgerKey: (ws, i) => ({ name: baseName(ws, i) }),
    applied: (client) => count(client, `SELECT count(*) AS n FROM pgmigrations`),
  },
  'bare pg (floor)': {
    command: (ws, db) => ({
      command: process.execPath,
      args: [join(root, 'bench', 'floor.mjs'), databaseUrl(db), ws.sqlDir],
    }),
    ledger: 'floor_migrations',
    ledgerKey: (ws, i) => ({ name: `${baseName(ws, i)}.sql` }),
    applied: (client) => count(client, `SELECT count(*) AS n FROM floor_migrations`),
  },
};

export const toolNames = Object.keys(tools);

/**
 * B2 only: safe-migrate with its checksum cache turned off — every file read and hashed, as on
 * the first run after a checkout (docs/decisions.md "Checksum cache"). The plain entry runs
 * with the cache its earlier runs left, like a deploy machine that ran `up` before.
 */
const NO_CACHE = 'safe-migrate, no cache';
tools[NO_CACHE] = {
  ...tools['safe-migrate'],
  command: (ws, db) => ({ ...tools['safe-migrate'].command(ws, db), env: { SAFE_MIGRATE_CACHE_DIR: 'off' } }),
};
export const b2ToolNames = [toolNames[0], NO_CACHE, ...toolNames.slice(1)];
