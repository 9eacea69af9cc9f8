// What a backfill needs to know about its table before it touches a row: that it exists, its
// primary key (the order batches walk in), that the column can be assigned, and that the
// assembled statement is valid SQL for this table (EXPLAIN, rolled back: nothing runs).
import type { Session } from '../db/index.js';
import { SafeMigrateError } from '../errors.js';
import type { BackfillRequest } from './backfill-input.js';
import { countSql, estimateSql, type BackfillTable, type BatchSql } from './backfill-sql.js';
import { findBlockers, withLockRetries, type RetryPolicy } from './lock-retry.js';

/** Up to this many rows (pg_class.reltuples) the total is counted exactly at start; above, the planner estimates it. */
export const EXACT_COUNT_LIMIT = 5_000_000;

/** Resolves the table, its primary key and the column; bad input throws SafeMigrateError (usage). */
export async function inspectTable(session: Session, request: BackfillRequest): Promise<BackfillTable> {
  const name = `${request.schema}.${request.table}`;
  const { rows } = await session.query<{ oid: number; relkind: string }>(
    `SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
    [request.schema, request.table],
  );
  const rel = rows[0];
  if (!rel) throw usage(`table ${name} does not exist`, 'check the name (schema.table; unquoted names are lower case)');
  if (rel.relkind !== 'r' && rel.relkind !== 'p') throw usage(`${name} is not a table (relkind ${rel.relkind})`, 'backfill a table; views and other relations have no rows of their own');
  const key = await primaryKey(session, rel.oid);
  if (key.length === 0) throw usage(`table ${name} has no primary key`, 'a backfill walks the table in primary-key order; add a primary key first (or batch the UPDATE yourself)');
  await checkColumn(session, rel.oid, request, key);
  return { schema: request.schema, table: request.table, key };
}

async function primaryKey(session: Session, oid: number): Promise<string[]> {
  const { rows } = await session.query<{ attname: string }>(
    `SELECT a.attname FROM pg_index i
       CROSS JOIN LATERAL unnest(i.indkey::smallint[]) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = $1 AND i.indisprimary ORDER BY k.ord`,
    [oid],
  );
  return rows.map((r) => r.attname);
}

async function checkColumn(session: Session, oid: number, request: BackfillRequest, key: string[]): Promise<void> {
  const name = `${request.schema}.${request.table}`;
  const { rows } = await session.query<{ attgenerated: string; attidentity: string }>(
    `SELECT attgenerated, attidentity FROM pg_attribute WHERE attrelid = $1 AND attname = $2 AND attnum > 0 AND NOT attisdropped`,
    [oid, request.column],
  );
  const column = rows[0];
  if (!column) throw usage(`column "${request.column}" does not exist in ${name}`, 'check --set "column = expression" (unquoted names are lower case)');
  if (key.includes(request.column)) throw usage(`"${request.column}" is part of the primary key of ${name}`, 'a backfill walks the table by its primary key and cannot change it');
  if (column.attgenerated) throw usage(`"${request.column}" is a generated column of ${name}`, 'PostgreSQL computes it; backfill the columns it is computed from');
  if (column.attidentity === 'a') throw usage(`"${request.column}" is a GENERATED ALWAYS identity column of ${name}`, 'identity values cannot be assigned');
}

/**
 * Plans the batch statements with EXPLAIN inside a transaction that is rolled back: an unknown
 * column or function, a type mismatch or a WHERE that is not boolean is input error (exit 2)
 * before any row is touched. Runtime errors (division by zero on some row) surface in a batch.
 */
export async function checkStatements(session: Session, t: BackfillTable, sql: BatchSql, lockTimeoutMs: number, retry: RetryPolicy): Promise<void> {
  const explain = async () => {
    await session.query('BEGIN');
    try {
      await session.query(`SELECT set_config('lock_timeout', $1, true)`, [String(Math.round(lockTimeoutMs))]);
      const nulls = (n: number) => Array.from({ length: n * t.key.length }, () => null);
      await session.query(`EXPLAIN ${sql.bound.first}`);
      await session.query(`EXPLAIN ${sql.bound.after}`, nulls(1));
      await session.query(`EXPLAIN ${sql.update.first}`, nulls(1));
      await session.query(`EXPLAIN ${sql.update.after}`, nulls(2));
    } finally {
      await session.query('ROLLBACK').catch(() => undefined);
    }
  };
  try {
    await withLockRetries(explain, retry, async (attempt) => ({ attempt, delayMs: 0, blockers: await findBlockers(session, [`${t.schema}.${t.table}`]), tables: [`${t.schema}.${t.table}`] }));
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('42') || code.startsWith('22')) {
      throw usage(`--set/--where do not work on ${t.schema}.${t.table}: ${(error as Error).message}`, 'fix the expression; it is planned with EXPLAIN before any row is touched');
    }
    throw error;
  }
}

export interface Estimate {
  /** Rows the where clause still matches after the cursor. */
  rows: number;
  kind: 'count' | 'planner';
}

/**
 * How many rows are left: counted exactly when the table is small enough to count in about a
 * second, otherwise the planner's estimate (instant, from statistics; may be off).
 */
export async function estimateRemaining(session: Session, t: BackfillTable, request: BackfillRequest, lastKey: string[] | null): Promise<Estimate> {
  const { rows } = await session.query<{ reltuples: number }>(
    `SELECT c.reltuples::float8 AS reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
    [t.schema, t.table],
  );
  const params = lastKey ?? undefined;
  if ((rows[0]?.reltuples ?? 0) > EXACT_COUNT_LIMIT) {
    const plan = await session.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(estimateSql(t, request, lastKey !== null), params);
    return { rows: Math.round(plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0), kind: 'planner' };
  }
  const count = await session.query<{ n: string }>(countSql(t, request, lastKey !== null), params);
  return { rows: Number(count.rows[0]?.n ?? 0), kind: 'count' };
}

function usage(message: string, hint: string): SafeMigrateError {
  return new SafeMigrateError('usage', message, { hint });
}
