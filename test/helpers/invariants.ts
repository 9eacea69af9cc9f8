// The reliability invariants of quality.md §1, checked against a real database after a
// scenario (kills, terminated connections, restarts, races). No mocks: every check reads
// the catalog, the ledger and pg_locks of the database the scenario ran against.
//
//   I1 ledger = catalog   every effect of an applied migration is present; no effect of an
//                         unrecorded migration is present (a `running` row may be partial)
//   I2 exactly once       no id twice, none skipped, applied order = file order
//   I3 no stranded lock   no safe-migrate backend outlives its client; no 0x5AFE advisory lock
//                         is held once every run has ended
//   I4 no data loss       an optional sentinel table planted before the scenario is unchanged
//   I5 no invalid index   unless a `running` migration's own index
//   I7 convergence        rerunning `up` until it succeeds gives the schema (and ledger) of one
//                         clean run on a fresh database — see converge() / referenceDump()
// (I6, rollouts, belongs to the rollout ledger and is not checked here.)
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { runCli, type CliResult } from './cli.js';

/** Anything with a URL and a query method: TestDatabase (helpers/database.ts) or a database on a throwaway cluster. */
export interface Queryable {
  url: string;
  query<R extends pg.QueryResultRow = any>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** One observable effect of a migration's up part. */
export type Effect =
  | { table: string } //                   a table, view or sequence: `name` or `schema.name`
  | { column: string } //                  `table.column` or `schema.table.column`
  | { index: string } //                   `name` or `schema.name`
  | { type: string } //                    a type (enum, domain, composite)
  | { function: string } //                a function by name: `name` or `schema.name`
  | { sql: string; label: string }; //     a query returning one boolean column; an error counts as absent

export interface MigrationExpectation {
  /** The migration id (file name up to the first `_`). */
  id: string;
  effects: Effect[];
}

export interface InvariantOptions {
  /** safe-migrate's internal schema (default safe_migrate). */
  schema?: string;
  /** Ledger rows without a file are allowed (default false). */
  allowUnknownRows?: boolean;
  /** Out-of-order application allowed (default false): skips the prefix and order checks. */
  allowOutOfOrder?: boolean;
  /** A sentinel planted with plantSentinel(): its rows must be unchanged (I4). */
  sentinel?: Sentinel;
  /** How long a killed client's backend may take to go away (default 10 s; the migrator sets client_connection_check_interval = 2s). */
  backendGraceMs?: number;
}

export interface LedgerEntry {
  id: string;
  name: string;
  state: 'running' | 'applied';
  direction: 'up' | 'down';
  stepsDone: number;
  stepsTotal: number;
}

export interface InvariantReport {
  violations: string[];
  ledger: LedgerEntry[];
  /** Effects present per migration id: how many of its effects exist. */
  present: Record<string, { present: number; total: number }>;
}

const LOCK_CLASS = 0x5afe;

/** Checks I1–I6 now. Returns every violation found (empty when all hold). */
export async function checkInvariants(db: Queryable, expectations: MigrationExpectation[] | string, options: InvariantOptions = {}): Promise<InvariantReport> {
  const list = typeof expectations === 'string' ? expectationsFromDir(expectations) : expectations;
  const schema = options.schema ?? 'safe_migrate';
  const violations: string[] = [];

  // I3: a killed client must not leave a backend behind (it would hold locks and could still commit).
  const lingering = await waitForNoMigratorBackends(db, options.backendGraceMs ?? 10_000);
  for (const b of lingering) violations.push(`I3: safe-migrate backend pid ${b.pid} still connected after its client ended (${b.state}: ${b.query})`);
  const locks = await db.query(
    `SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [LOCK_CLASS],
  );
  for (const l of locks.rows) violations.push(`I3: the migration lock (advisory 0x5AFE) is still held by pid ${l.pid} after every run ended`);

  const ledger = await readLedger(db, schema);
  // I2: exactly once, in file order, nothing skipped.
  const fileIds = list.map((e) => e.id);
  const counts = new Map<string, number>();
  for (const r of ledger) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
  for (const [id, n] of counts) if (n > 1) violations.push(`I2: migration ${id} recorded ${n} times`);
  const unknown = ledger.filter((r) => !fileIds.includes(r.id));
  if (!options.allowUnknownRows) for (const r of unknown) violations.push(`I2: ledger row ${r.id} (${r.name}) has no migration in the set`);
  const recorded = ledger.filter((r) => fileIds.includes(r.id));
  if (!options.allowOutOfOrder) {
    const byFile = [...recorded].sort((a, b) => fileIds.indexOf(a.id) - fileIds.indexOf(b.id));
    if (byFile.map((r) => r.id).join() !== recorded.map((r) => r.id).join()) {
      violations.push(`I2: applied order ${recorded.map((r) => r.id).join(', ')} differs from file order`);
    }
    const prefix = fileIds.slice(0, recorded.length);
    if (prefix.join() !== byFile.map((r) => r.id).join()) {
      violations.push(`I2: recorded ${byFile.map((r) => r.id).join(', ') || 'nothing'} is not a prefix of the files (${fileIds.join(', ')}): a migration was skipped`);
    }
  }
  const running = ledger.filter((r) => r.state === 'running');
  if (running.length > 1) violations.push(`I2: ${running.length} migrations are recorded running (${running.map((r) => r.id).join(', ')})`);
  if (running.length === 1 && ledger.at(-1)?.id !== running[0]!.id) violations.push(`I2: running migration ${running[0]!.id} is not the last recorded one`);

  // I1: ledger = catalog.
  const present: InvariantReport['present'] = {};
  const runningIndexes = new Set<string>();
  for (const expectation of list) {
    const row = ledger.find((r) => r.id === expectation.id);
    const results = await Promise.all(expectation.effects.map(async (effect) => [effect, await effectPresent(db, effect)] as const));
    const have = results.filter(([, ok]) => ok).length;
    present[expectation.id] = { present: have, total: results.length };
    if (row?.state === 'applied') {
      for (const [effect, ok] of results) if (!ok) violations.push(`I1: ${expectation.id} is recorded applied but ${describeEffect(effect)} is missing`);
    } else if (row?.state === 'running') {
      for (const effect of expectation.effects) if ('index' in effect) runningIndexes.add(unqualified(effect.index));
    } else {
      for (const [effect, ok] of results) if (ok) violations.push(`I1: ${expectation.id} is not recorded but ${describeEffect(effect)} exists`);
    }
  }

  // I5: no invalid index unless it belongs to the running migration.
  const invalid = await db.query<{ name: string; schema: string }>(
    `SELECT c.relname AS name, n.nspname AS schema FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT (i.indisvalid AND i.indisready)`,
  );
  for (const r of invalid.rows) {
    if (!runningIndexes.has(r.name)) violations.push(`I5: invalid index ${r.schema}.${r.name} is not covered by a running migration`);
  }

  // I6: no rollout phase without its DDL (phases only move forward is enforced by the state machine,
  // unit-tested in src/rollouts): expanded/dual-written/enforced → the column exists (enforced: NOT
  // NULL or a validated CHECK (c IS NOT NULL)); dropped → it does not.
  violations.push(...(await rolloutViolations(db, options.schema ?? 'safe_migrate')));

  // I4: data planted before the scenario is unchanged.
  if (options.sentinel) {
    const now = await sentinelFingerprint(db, options.sentinel);
    if (now !== options.sentinel.fingerprint) violations.push(`I4: sentinel table ${options.sentinel.table} changed (${options.sentinel.fingerprint} → ${now})`);
  }
  return { violations, ledger, present };
}

export async function rolloutViolations(db: Queryable, schema: string): Promise<string[]> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [`${quoteIdent(schema)}.rollouts`]);
  if (!exists.rows[0]?.t) return [];
  // Enforced (spec §6): SET NOT NULL, or a validated CHECK (c IS NOT NULL).
  const { rows } = await db.query<{ object: string; kind: string; phase: string; nullable: string | null; checked: boolean }>(
    `SELECT r.object, r.kind, r.phase, c.is_nullable AS nullable,
            EXISTS (SELECT 1 FROM pg_constraint k
                     WHERE c.column_name IS NOT NULL AND k.contype = 'c' AND k.convalidated
                       AND k.conrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
                       AND pg_get_constraintdef(k.oid) = format('CHECK ((%s IS NOT NULL))', quote_ident(c.column_name))) AS checked
       FROM ${quoteIdent(schema)}.rollouts r
       LEFT JOIN information_schema.columns c ON c.table_schema || '.' || c.table_name || '.' || c.column_name = r.object`,
  );
  const violations: string[] = [];
  for (const r of rows) {
    if (r.object.split('.').length !== 3) continue;
    const column = r.nullable !== null;
    if (['expanded', 'dual-written', 'enforced'].includes(r.phase) && !column) violations.push(`I6: rollout ${r.object} is ${r.phase} but the column does not exist`);
    if (r.phase === 'enforced' && column && r.nullable !== 'NO' && !r.checked) violations.push(`I6: rollout ${r.object} is enforced but the column is nullable`);
    if (r.phase === 'dropped' && column) violations.push(`I6: rollout ${r.object} is dropped but the column still exists`);
  }
  return violations;
}

/** checkInvariants, failing with every violation listed. */
export async function assertInvariants(db: Queryable, expectations: MigrationExpectation[] | string, options: InvariantOptions = {}): Promise<InvariantReport> {
  const report = await checkInvariants(db, expectations, options);
  if (report.violations.length > 0) {
    throw new Error(`invariants violated:\n  ${report.violations.join('\n  ')}\nledger: ${report.ledger.map((r) => `${r.id}:${r.state}:${r.direction}:${r.stepsDone}/${r.stepsTotal}`).join(' ') || '(empty)'}`);
  }
  return report;
}

export async function readLedger(db: Queryable, schema = 'safe_migrate'): Promise<LedgerEntry[]> {
  const table = `${quoteIdent(schema)}.migrations`;
  const exists = await db.query(`SELECT to_regclass($1) IS NOT NULL AS e`, [table]);
  if (!exists.rows[0].e) return [];
  const { rows } = await db.query(`SELECT id, name, state, direction, steps_done, steps_total FROM ${table} ORDER BY applied_order`);
  return rows.map((r) => ({ id: r.id, name: r.name, state: r.state, direction: r.direction, stepsDone: r.steps_done, stepsTotal: r.steps_total }));
}

/** Backends of safe-migrate (application_name safe-migrate/…) connected to this database. */
export async function migratorBackends(db: Queryable): Promise<Array<{ pid: number; state: string; query: string }>> {
  const { rows } = await db.query(
    `SELECT pid, coalesce(state, '') AS state, left(coalesce(query, ''), 120) AS query FROM pg_stat_activity
      WHERE datname = current_database() AND application_name LIKE 'safe-migrate/%' AND pid <> pg_backend_pid()`,
  );
  return rows;
}

async function waitForNoMigratorBackends(db: Queryable, graceMs: number) {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const rows = await migratorBackends(db);
    if (rows.length === 0 || Date.now() > deadline) return rows;
    await sleep(100);
  }
}

async function effectPresent(db: Queryable, effect: Effect): Promise<boolean> {
  try {
    if ('table' in effect) return (await db.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [qualifiedName(effect.table)])).rows[0].ok;
    if ('index' in effect) return (await db.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [qualifiedName(effect.index)])).rows[0].ok;
    if ('type' in effect) return (await db.query(`SELECT to_regtype($1) IS NOT NULL AS ok`, [qualifiedName(effect.type)])).rows[0].ok;
    if ('function' in effect) {
      const [schema, name] = splitName(effect.function);
      const { rows } = await db.query(`SELECT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname = $2) AS ok`, [schema, name]);
      return rows[0].ok;
    }
    if ('column' in effect) {
      const parts = effect.column.split('.');
      const [schema, table, column] = parts.length === 3 ? parts : ['public', parts[0]!, parts[1]!];
      const { rows } = await db.query(
        `SELECT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3 AND a.attnum > 0 AND NOT a.attisdropped) AS ok`,
        [schema, table, column],
      );
      return rows[0].ok;
    }
    const { rows } = await db.query(effect.sql);
    return Boolean(Object.values(rows[0] ?? {})[0]);
  } catch {
    return false;
  }
}

function describeEffect(effect: Effect): string {
  if ('table' in effect) return `relation ${effect.table}`;
  if ('index' in effect) return `index ${effect.index}`;
  if ('column' in effect) return `column ${effect.column}`;
  if ('type' in effect) return `type ${effect.type}`;
  if ('function' in effect) return `function ${effect.function}`;
  return effect.label;
}

function splitName(name: string): [string, string] {
  const dot = name.indexOf('.');
  return dot === -1 ? ['public', name] : [name.slice(0, dot), name.slice(dot + 1)];
}

/** `schema.name` → `"schema"."name"` for to_regclass, exact (no case folding). */
function qualifiedName(name: string): string {
  const [schema, rel] = splitName(name);
  return `${quoteIdent(schema)}.${quoteIdent(rel)}`;
}

function unqualified(name: string): string {
  return splitName(name)[1];
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// ---------------------------------------------------------------------------------------------
// Expectations derived from a migrations directory: the tables, columns, indexes, types and
// functions each up part creates (plain identifiers only; later drops are not modelled).

export function expectationsFromDir(dir: string): MigrationExpectation[] {
  const entries = readdirSync(dir).sort();
  const byId = new Map<string, string[]>();
  for (const entry of entries) {
    const full = join(dir, entry);
    const id = entry.split('_')[0]!.replace(/\.(up|down)\.sql$|\.sql$|\.m?js$|\.cjs$/, '');
    let up: string | undefined;
    if (statSync(full).isDirectory()) {
      for (const f of ['up.sql', 'migration.sql']) if (existsSync(join(full, f))) up = readFileSync(join(full, f), 'utf8');
    } else if (entry.endsWith('.down.sql')) {
      continue;
    } else if (entry.endsWith('.sql')) {
      up = readFileSync(full, 'utf8').split(/^--\s*migrate:down\b.*$/m)[0];
    } else if (/\.(mjs|cjs|js)$/.test(entry)) {
      up = knexToSql(readFileSync(full, 'utf8').split(/down\s*[(=]/)[0] ?? '');
    }
    if (up === undefined) continue;
    byId.set(id, [...(byId.get(id) ?? []), up]);
  }
  return [...byId.entries()].map(([id, texts]) => ({ id, effects: texts.flatMap(effectsOfSql) }));
}

const IDENT = String.raw`(?:"[^"]+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const QNAME = String.raw`(${IDENT}(?:\.${IDENT})?)`;

function effectsOfSql(sql: string): Effect[] {
  const text = sql.replace(/--.*$/gm, '');
  const effects: Effect[] = [];
  const each = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    for (const m of text.matchAll(new RegExp(re.source, 'gi'))) fn(m as RegExpExecArray);
  };
  each(new RegExp(String.raw`CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${QNAME}`), (m) => effects.push({ table: name(m[1]!) }));
  each(new RegExp(String.raw`CREATE\s+(?:OR\s+REPLACE\s+)?(?:MATERIALIZED\s+)?VIEW\s+${QNAME}`), (m) => effects.push({ table: name(m[1]!) }));
  each(new RegExp(String.raw`CREATE\s+SEQUENCE\s+(?:IF\s+NOT\s+EXISTS\s+)?${QNAME}`), (m) => effects.push({ table: name(m[1]!) }));
  each(new RegExp(String.raw`CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})\s+ON\s+(?:ONLY\s+)?${QNAME}`), (m) => {
    const table = name(m[2]!);
    const schema = table.includes('.') ? table.split('.')[0] + '.' : '';
    effects.push({ index: schema + name(m[1]!) });
  });
  each(new RegExp(String.raw`CREATE\s+TYPE\s+${QNAME}`), (m) => effects.push({ type: name(m[1]!) }));
  each(new RegExp(String.raw`CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+${QNAME}`), (m) => effects.push({ function: name(m[1]!) }));
  each(new RegExp(String.raw`ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?${QNAME}([^;]*)`), (m) => {
    const table = name(m[1]!);
    for (const c of m[2]!.matchAll(new RegExp(String.raw`ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})`, 'gi'))) {
      if (/^(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE)$/i.test(c[1]!)) continue;
      effects.push({ column: `${table}.${name(c[1]!)}` });
    }
  });
  return effects;
}

/** knex.schema.createTable('x') in a module → CREATE TABLE x, for expectations only. */
function knexToSql(source: string): string {
  return [...source.matchAll(/createTable\(\s*['"]([^'"]+)['"]/g)].map((m) => `CREATE TABLE ${m[1]} ();`).join('\n');
}

/** A parsed identifier path: quotes removed, unquoted parts folded to lower case. */
function name(raw: string): string {
  return (raw.match(new RegExp(IDENT, 'g')) ?? []).map((p) => (p.startsWith('"') ? p.slice(1, -1) : p.toLowerCase())).join('.');
}

// ---------------------------------------------------------------------------------------------
// I4: a sentinel table of rows no migration touches.

export interface Sentinel {
  table: string;
  fingerprint: string;
}

export const SENTINEL_SCHEMA = 'zz_sentinel';

/** Creates zz_sentinel.rows with 1000 rows; check it with checkInvariants(…, { sentinel }). Excluded from schema dumps. */
export async function plantSentinel(db: Queryable): Promise<Sentinel> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${SENTINEL_SCHEMA}`);
  await db.query(`CREATE TABLE ${SENTINEL_SCHEMA}.rows (id int PRIMARY KEY, payload text NOT NULL)`);
  await db.query(`INSERT INTO ${SENTINEL_SCHEMA}.rows SELECT g, md5(g::text) FROM generate_series(1, 1000) g`);
  const sentinel = { table: `${SENTINEL_SCHEMA}.rows`, fingerprint: '' };
  sentinel.fingerprint = await sentinelFingerprint(db, sentinel);
  return sentinel;
}

async function sentinelFingerprint(db: Queryable, sentinel: Sentinel): Promise<string> {
  try {
    const { rows } = await db.query(`SELECT count(*)::int AS n, md5(string_agg(id || ':' || payload, ',' ORDER BY id)) AS h FROM ${sentinel.table}`);
    return `${rows[0].n}:${rows[0].h}`;
  } catch (error) {
    return `unreadable: ${(error as Error).message}`;
  }
}

// ---------------------------------------------------------------------------------------------
// I7: schema dumps from the catalog, compared with one clean run.

export interface DumpOptions {
  /** safe-migrate's internal schema (default safe_migrate). */
  schema?: string;
  /**
   * Include the ledger (ids, names, checksums, states, steps), the net count of `up` events per
   * migration (ups minus downs) and the internal tables' layout (default true). false: the internal schema is left out entirely.
   */
  ledger?: boolean;
  /** Include a fingerprint of every user table's rows (default true). */
  data?: boolean;
}

/**
 * The schema as sorted lines: schemas, relations, columns, constraints, indexes (with validity),
 * views, functions, types, triggers, sequences; optionally row fingerprints and the ledger.
 * Nothing that depends on OIDs or timing is included.
 */
export async function schemaDump(db: Queryable, options: DumpOptions = {}): Promise<string[]> {
  const internal = options.schema ?? 'safe_migrate';
  const excluded = ['pg_catalog', 'information_schema', SENTINEL_SCHEMA, ...(options.ledger === false ? [internal] : [])].map((n) => `'${n.replace(/'/g, "''")}'`);
  const userNs = `n.nspname NOT IN (${excluded.join(', ')}) AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;
  const lines: string[] = [];
  const add = async (prefix: string, sql: string) => {
    const { rows } = await db.query(sql);
    for (const r of rows) lines.push(`${prefix} ${Object.values(r).map((v) => (v === null ? '∅' : String(v))).join(' | ')}`);
  };
  await add('schema', `SELECT n.nspname, pg_get_userbyid(n.nspowner) FROM pg_namespace n WHERE ${userNs} AND n.nspname <> 'public'`);
  await add('relation', `SELECT n.nspname, c.relname, c.relkind, c.relpersistence, pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${userNs} AND c.relkind IN ('r','v','m','S','p','f')`);
  await add(
    'column',
    `SELECT n.nspname, c.relname, row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
            pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, a.attcollation <> 0 AND a.attcollation <> t.typcollation
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE ${userNs} AND c.relkind IN ('r','v','m','p','f') AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  await add('constraint', `SELECT n.nspname, c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid), k.convalidated, k.condeferrable, k.condeferred FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${userNs}`);
  await add('index', `SELECT n.nspname, pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisready FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${userNs}`);
  await add('view', `SELECT n.nspname, c.relname, pg_get_viewdef(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${userNs} AND c.relkind IN ('v','m')`);
  await add('function', `SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), md5(pg_get_functiondef(p.oid)) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${userNs} AND p.prokind IN ('f','p')`);
  await add('type', `SELECT n.nspname, t.typname, t.typtype, (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${userNs} AND t.typtype IN ('e','d') `);
  await add('trigger', `SELECT n.nspname, c.relname, pg_get_triggerdef(g.oid) FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${userNs} AND NOT g.tgisinternal`);
  await add('sequence', `SELECT n.nspname, c.relname, s.seqtypid::regtype, s.seqincrement, s.seqstart, s.seqmin, s.seqmax FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${userNs}`);
  if (options.data !== false) {
    const tables = await db.query<{ q: string; label: string }>(
      `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS q, n.nspname || '.' || c.relname AS label FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${userNs} AND n.nspname <> $1 AND c.relkind IN ('r','p') ORDER BY 1`,
      [internal],
    );
    for (const t of tables.rows) {
      const { rows } = await db.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS h FROM ${t.q} x`);
      lines.push(`data ${t.label} | ${rows[0].n} rows | ${rows[0].h}`);
    }
  }
  if (options.ledger !== false) {
    const s = quoteIdent(internal);
    const exists = (await db.query(`SELECT to_regclass($1) IS NOT NULL AS e`, [`${s}.migrations`])).rows[0].e;
    if (exists) {
      const ledger = await db.query(`SELECT id, name, checksum, checksum_algo, state, direction, steps_done, steps_total FROM ${s}.migrations ORDER BY applied_order`);
      ledger.rows.forEach((r, i) => lines.push(`ledger ${String(i).padStart(4, '0')} ${Object.values(r).join(' | ')}`));
      // Each applied migration has exactly one more `up` event than `down` events.
      const events = await db.query(
        `SELECT target, (count(*) FILTER (WHERE action = 'up') - count(*) FILTER (WHERE action = 'down'))::int AS n FROM ${s}.events WHERE action IN ('up', 'down') GROUP BY target`,
      );
      for (const r of events.rows) if (r.n !== 0) lines.push(`net up-events ${r.target} | ${r.n}`);
    }
  }
  return lines.sort();
}

/** Lines only in `a` (−) or only in `b` (+): a readable diff for assertion messages. */
export function dumpDiff(a: string[], b: string[]): string[] {
  const inB = new Set(b);
  const inA = new Set(a);
  return [...a.filter((l) => !inB.has(l)).map((l) => `- ${l}`), ...b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`)];
}

// ---------------------------------------------------------------------------------------------
// Fresh databases on any server (the shared one or a throwaway cluster).

export interface ScratchDatabase extends Queryable {
  name: string;
  drop(): Promise<void>;
}

export async function createDatabaseOn(adminUrl: string, prefix = 'sm_rel'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    url,
    name,
    query: (sql, params) => withClient(url, (c) => c.query(sql, params as any[])),
    drop: () => withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'safe-migrate-tests' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A content hash of a migrations directory (for caching reference dumps). */
export function dirHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const full = join(d, entry);
      hash.update(entry);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// I7: convergence. Rerun `up` until it succeeds, then compare with one clean run.

export interface ConvergeOptions {
  /** Server on which a fresh database is created for the clean reference run. */
  adminUrl: string;
  /** Extra CLI arguments for every `up` (e.g. --schema). */
  args?: string[];
  env?: Record<string, string | undefined>;
  /** Give up after this many runs (default 4). */
  maxRuns?: number;
  schema?: string;
  /** Compare the ledger too (default true). */
  ledger?: boolean;
}

export interface ConvergeResult {
  runs: CliResult[];
  dump: string[];
}

/** Runs `up` until it exits 0 (at most maxRuns), then requires the schema of one clean run (I7). */
export async function converge(db: Queryable, cwd: string, options: ConvergeOptions): Promise<ConvergeResult> {
  const runs: CliResult[] = [];
  const maxRuns = options.maxRuns ?? 4;
  for (let i = 0; i < maxRuns; i++) {
    const run = await runCli(['up', ...(options.args ?? [])], { cwd, env: { ...options.env, DATABASE_URL: db.url } });
    runs.push(run);
    if (run.code === 0) break;
  }
  if (runs.at(-1)!.code !== 0) {
    throw new Error(`I7: up did not succeed within ${maxRuns} runs:\n${runs.map((r, i) => `  run ${i + 1}: exit ${r.code}: ${r.stderr.trim().split('\n').join('\n    ')}`).join('\n')}`);
  }
  const dumpOptions = { schema: options.schema, ledger: options.ledger };
  const dump = await schemaDump(db, dumpOptions);
  const reference = await referenceDump(cwd, options);
  const diff = dumpDiff(reference, dump);
  if (diff.length > 0) throw new Error(`I7: the converged schema differs from one clean run (- clean, + converged):\n  ${diff.join('\n  ')}`);
  return { runs, dump };
}

const references = new Map<string, Promise<string[]>>();

function referenceKey(cwd: string, options: Pick<ConvergeOptions, 'adminUrl' | 'args' | 'schema' | 'ledger'>): string {
  return JSON.stringify([options.adminUrl, dirHash(join(cwd, 'migrations')), options.args ?? [], options.schema ?? '', options.ledger ?? true]);
}

/** Records the dump of a clean run the test did itself, so converge() need not repeat it. */
export function rememberReference(cwd: string, options: Pick<ConvergeOptions, 'adminUrl' | 'args' | 'schema' | 'ledger'>, dump: string[]): void {
  references.set(referenceKey(cwd, options), Promise.resolve(dump));
}

/**
 * Starts the clean reference run now, in the background, so it overlaps the scenario instead of
 * following it. Only when the project's files will not change before converge() is called.
 */
export function prefetchReference(cwd: string, options: Pick<ConvergeOptions, 'adminUrl' | 'args' | 'env' | 'schema' | 'ledger'>): void {
  referenceDump(cwd, options).catch(() => undefined); // a failure resurfaces (uncached) in converge()
}

/** The dump after one clean `up` of this project on a fresh database (cached per server, files and arguments). */
export function referenceDump(cwd: string, options: Pick<ConvergeOptions, 'adminUrl' | 'args' | 'env' | 'schema' | 'ledger'>): Promise<string[]> {
  const key = referenceKey(cwd, options);
  let cached = references.get(key);
  if (!cached) {
    cached = (async () => {
      const fresh = await createDatabaseOn(options.adminUrl, 'sm_ref');
      try {
        const run = await runCli(['up', ...(options.args ?? [])], { cwd, env: { ...options.env, DATABASE_URL: fresh.url, SAFE_MIGRATE_FAULT: undefined } });
        if (run.code !== 0) throw new Error(`the clean reference run failed (exit ${run.code}): ${run.stderr}`);
        return await schemaDump(fresh, { schema: options.schema, ledger: options.ledger });
      } finally {
        await fresh.drop();
      }
    })();
    cached.catch(() => references.delete(key));
    references.set(key, cached);
  }
  return cached;
}
