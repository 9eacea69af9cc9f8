// The SQL of one backfill batch, pure. Identifiers we build are quoted; the user's SET and WHERE
// fragments (validated in backfill-input.ts) each sit on their own lines, so a trailing `--`
// comment in a fragment cannot swallow the rest of the statement.
//
//   WITH batch(k…) AS (SELECT pk… FROM t WHERE (pk…) > ($1…) AND (<where>)
//                      ORDER BY pk… LIMIT n FOR UPDATE),
//        updated AS (UPDATE t SET <set> FROM batch WHERE (t.pk…) = (batch.k…) RETURNING 1)
//   SELECT count(updated), count(batch), the batch's largest key as a JSON array of text
//
// Plain FOR UPDATE, not SKIP LOCKED: SKIP LOCKED would silently step over rows the application
// holds, and the keyset cursor would never come back for them. Waiting is bounded by
// lock_timeout instead, and a timed-out batch is retried (lock-retry.ts).
import { quoteIdent } from '../db/quote.js';
import type { BackfillRequest } from './backfill-input.js';

export interface BackfillTable {
  schema: string;
  table: string;
  /** Primary key columns in key order. */
  key: string[];
}

export interface BatchSql {
  /** The first batch of a pass: no key to start after. */
  first: string;
  /** Later batches: `$1…$k` are the previous batch's largest key, as text. */
  next: string;
}

/** Output names of the batch CTE, unlikely to collide with the table's own columns in <set>. */
const BATCH = '__safe_migrate_batch';
const keyAlias = (i: number) => `__safe_migrate_k${i + 1}`;

export function qualifiedTable(t: BackfillTable): string {
  return `${quoteIdent(t.schema)}.${quoteIdent(t.table)}`;
}

export function batchSql(t: BackfillTable, request: BackfillRequest): BatchSql {
  return { first: batchStatement(t, request, false), next: batchStatement(t, request, true) };
}

function batchStatement(t: BackfillTable, request: BackfillRequest, afterKey: boolean): string {
  const table = qualifiedTable(t);
  const key = t.key.map(quoteIdent);
  const aliases = t.key.map((_, i) => keyAlias(i));
  return [
    `WITH ${BATCH} (${aliases.join(', ')}) AS (`,
    `  SELECT ${key.join(', ')} FROM ${table}`,
    `   WHERE ${afterCursor(t, afterKey)}(`,
    request.whereSql,
    `   )`,
    `   ORDER BY ${key.join(', ')} LIMIT ${request.batchSize} FOR UPDATE`,
    `), __safe_migrate_updated AS (`,
    `  UPDATE ${table} SET`,
    request.setSql,
    `  FROM ${BATCH} WHERE (${key.map((k) => `${table}.${k}`).join(', ')}) = (${aliases.map((a) => `${BATCH}.${a}`).join(', ')})`,
    `  RETURNING 1`,
    `)`,
    `SELECT (SELECT count(*) FROM __safe_migrate_updated)::int AS updated,`,
    `       (SELECT count(*) FROM ${BATCH})::int AS selected,`,
    `       (SELECT json_build_array(${aliases.map((a) => `${a}::text`).join(', ')}) FROM ${BATCH} ORDER BY ${aliases.map((a) => `${a} DESC`).join(', ')} LIMIT 1) AS last_key`,
  ].join('\n');
}

/** Rows still to do, exactly: the where clause after the cursor. */
export function countSql(t: BackfillTable, request: BackfillRequest, afterKey: boolean): string {
  return `SELECT count(*)::bigint AS n FROM ${qualifiedTable(t)} WHERE ${afterCursor(t, afterKey)}(\n${request.whereSql}\n)`;
}

/** The planner's estimate of the same, for tables too big to count at start. */
export function estimateSql(t: BackfillTable, request: BackfillRequest, afterKey: boolean): string {
  return `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${qualifiedTable(t)} WHERE ${afterCursor(t, afterKey)}(\n${request.whereSql}\n)`;
}

function afterCursor(t: BackfillTable, afterKey: boolean): string {
  if (!afterKey) return '';
  const key = t.key.map(quoteIdent);
  return `(${key.join(', ')}) > (${key.map((_, i) => `$${i + 1}`).join(', ')}) AND `;
}
