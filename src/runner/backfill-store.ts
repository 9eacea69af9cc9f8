// Backfill progress (spec §7.8), in `<internal schema>.backfills`: one row per column, updated
// inside every batch's own transaction, so the data a batch changed and the cursor that says it
// is done commit together — an interrupted run (Ctrl-C, kill -9, lost connection) resumes at
// exactly the first row it had not committed, never losing or repeating a row.
import { quoteIdent, type Session } from '../db/index.js';
import type { BackfillRequest } from './backfill-input.js';

export interface ProgressRow {
  target: string;
  setSql: string;
  whereSql: string;
  /** The largest primary key done so far, each part as text; null before the first batch. */
  lastKey: string[] | null;
  rowsDone: number;
  startedAt: Date;
  finishedAt: Date | null;
}

/**
 * How this run starts: `new` (no earlier run), `resume` (an unfinished run with the same
 * --set/--where), `restart-changed` (an unfinished run with different ones: start over),
 * `restart-finished` (the earlier run finished: a new pass from the first key).
 */
export type StartMode = 'new' | 'resume' | 'restart-changed' | 'restart-finished';

export interface Start {
  mode: StartMode;
  progress: ProgressRow;
  /** The earlier run's row, when there was one. */
  previous: ProgressRow | undefined;
}

const table = (schema: string) => `${quoteIdent(schema)}.backfills`;

/** Created on first use, under the migration lock (so two first runs cannot race the DDL). */
export async function ensureBackfillsTable(session: Session, schema: string): Promise<void> {
  await session.query(
    `CREATE TABLE IF NOT EXISTS ${table(schema)} (
       target text PRIMARY KEY,
       set_sql text NOT NULL,
       where_sql text NOT NULL,
       last_key jsonb,
       rows_done bigint NOT NULL DEFAULT 0,
       started_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       finished_at timestamptz)`,
  );
}

export async function readProgress(session: Session, schema: string, target: string, forUpdate = false): Promise<ProgressRow | undefined> {
  const { rows } = await session.query<Record<string, any>>(
    `SELECT target, set_sql, where_sql, last_key, rows_done, started_at, finished_at FROM ${table(schema)} WHERE target = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [target],
  );
  const r = rows[0];
  if (!r) return undefined;
  return { target: r.target, setSql: r.set_sql, whereSql: r.where_sql, lastKey: r.last_key, rowsDone: Number(r.rows_done), startedAt: new Date(r.started_at), finishedAt: r.finished_at ? new Date(r.finished_at) : null };
}

/**
 * Decides resume or start over, and records it. The same --set and --where resume an
 * unfinished run from its cursor; different ones (or a finished run) start a new pass from the
 * first key. Call inside a transaction.
 */
export async function startProgress(session: Session, schema: string, request: BackfillRequest): Promise<Start> {
  const previous = await readProgress(session, schema, request.target, true);
  const same = previous !== undefined && previous.setSql === request.setSql && previous.whereSql === request.whereSql;
  if (previous && same && !previous.finishedAt) {
    await session.query(`UPDATE ${table(schema)} SET updated_at = now() WHERE target = $1`, [request.target]);
    return { mode: 'resume', progress: previous, previous };
  }
  const { rows } = await session.query<{ started_at: Date }>(
    `INSERT INTO ${table(schema)} AS b (target, set_sql, where_sql, last_key, rows_done, started_at, updated_at, finished_at)
     VALUES ($1, $2, $3, NULL, 0, now(), now(), NULL)
     ON CONFLICT (target) DO UPDATE SET set_sql = EXCLUDED.set_sql, where_sql = EXCLUDED.where_sql, last_key = NULL, rows_done = 0,
       started_at = now(), updated_at = now(), finished_at = NULL
     RETURNING started_at`,
    [request.target, request.setSql, request.whereSql],
  );
  const progress: ProgressRow = { target: request.target, setSql: request.setSql, whereSql: request.whereSql, lastKey: null, rowsDone: 0, startedAt: new Date(rows[0]!.started_at), finishedAt: null };
  const mode: StartMode = !previous ? 'new' : previous.finishedAt ? 'restart-finished' : 'restart-changed';
  return { mode, progress, previous };
}

/**
 * Moves the cursor; runs in the batch's transaction. Only from where this run left it: if the
 * row says otherwise, another run moved it (the column lock was lost with its connection, or a
 * restart reset it) and the batch must roll back — zero rows updated tells the caller.
 */
export function progressUpdate(schema: string, target: string, previousKey: string[] | null, lastKey: string[], rows: number): [string, unknown[]] {
  return [
    `UPDATE ${table(schema)} SET last_key = $2::jsonb, rows_done = rows_done + $3, updated_at = now() WHERE target = $1 AND last_key IS NOT DISTINCT FROM $4::jsonb`,
    [target, JSON.stringify(lastKey), rows, previousKey === null ? null : JSON.stringify(previousKey)],
  ];
}

export function finishUpdate(schema: string, target: string): [string, unknown[]] {
  return [`UPDATE ${table(schema)} SET finished_at = now(), updated_at = now() WHERE target = $1`, [target]];
}
