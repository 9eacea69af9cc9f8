// `safe-migrate backfill` (spec §7.8): fill one column of a big table in primary-key-ordered
// batches, each its own short transaction, resumable, and subject to the rollout ledger (§6.1).
// In order:
//   read the input (parser; bad input throws before any connection) → inspect the table and
//   EXPLAIN the batch statement (bad input throws, nothing written) → take the column's lock
//   (another backfill of it running: exit 5) → under the migration lock, briefly: internal
//   tables, the ledger's verdict (blocked: a result), override audit, resume or start over →
//   estimate what is left → batches → finished_at + audit event `backfill`.
// The migration lock is released before the first batch: a backfill runs for a long time and
// must not hold up a deploy's `up`.
import { inTransaction } from '../db/index.js';
import type { Blocker } from '../colours/index.js';
import { loadParser } from '../sql/index.js';
import { readRequest, assertAssembled, type BackfillRequest } from './backfill-input.js';
import { runBatches, type EngineOutcome } from './backfill-engine.js';
import { lockColumn } from './backfill-lock.js';
import { batchSql, type BackfillTable } from './backfill-sql.js';
import { ensureBackfillsTable, finishUpdate, startProgress, type Start } from './backfill-store.js';
import { checkStatements, estimateRemaining, inspectTable, type Estimate } from './backfill-table.js';
import { eventInsert, writeEvent } from './events.js';
import type { BackfillOptions, BackfillProgress, BackfillResult } from './backfill-types.js';
import { withMigrationLock } from './locked.js';
import type { MigratorContext } from './migrator.js';
import { backfillVerdict } from './rollout-api.js';

/**
 * Backfills one column in batches (spec §7.8). Expected outcomes are results: `blocked` by the
 * rollout ledger, `interrupted` by `signal`, `failed` when a batch's statement fails. Bad input
 * (no such table or column, no primary key, fragments that do not parse) and an unavailable
 * database or lock throw SafeMigrateError.
 * @example
 *   const result = await migrator.backfill({ table: 'public.users', set: "plan = 'free'", batchSize: 2000 });
 *   if (result.status === 'blocked') for (const b of result.blockers ?? []) console.error(b.message);
 */
export async function backfill(ctx: MigratorContext, options: BackfillOptions): Promise<BackfillResult> {
  const request = await readInput(ctx, options);
  const session = await ctx.session();
  const table = await inspectTable(session, request);
  const sql = batchSql(table, request);
  for (const statement of [sql.bound.first, sql.bound.after]) assertAssembled(statement, 'SelectStmt');
  for (const statement of [sql.update.first, sql.update.after]) assertAssembled(statement, 'UpdateStmt');
  await checkStatements(session, table, sql, ctx.config.lockTimeoutMs, retryPolicy(ctx));
  const db = await ctx.database();
  const lockSession = db.kind === 'pg' ? await db.openSession('backfill-lock') : session;
  try {
    const lock = await lockColumn(lockSession, request.target);
    try {
      const prepared = await prepare(ctx, request, options);
      if ('blockers' in prepared) return blockedResult(request, prepared.blockers, prepared.warnings);
      return await run(ctx, request, table, sql, prepared, options);
    } finally {
      await lock.release().catch(() => undefined);
    }
  } finally {
    if (lockSession !== session) await lockSession.close();
  }
}

async function readInput(ctx: MigratorContext, options: BackfillOptions): Promise<BackfillRequest> {
  await loadParser();
  return readRequest(options, ctx.config.defaultSchema);
}

interface Prepared {
  start: Start;
  warnings: string[];
  overridden: Blocker[];
}

/** Under the migration lock, briefly: the colour registry cannot move while the ledger decides. */
async function prepare(ctx: MigratorContext, request: BackfillRequest, options: BackfillOptions): Promise<Prepared | { blockers: Blocker[]; warnings: string[] }> {
  const schema = ctx.config.internalSchema;
  return withMigrationLock(ctx, async (session) => {
    await ensureBackfillsTable(session, schema);
    const { blockers, warnings } = await backfillVerdict(ctx, session, request.target);
    if (blockers.length > 0 && !options.overrideGate) return { blockers, warnings };
    const start = await inTransaction(session, async () => {
      if (blockers.length > 0) await writeEvent(session, schema, overrideEvent(request, blockers, options));
      return startProgress(session, schema, request);
    });
    return { start, warnings, overridden: blockers };
  });
}

async function run(ctx: MigratorContext, request: BackfillRequest, table: BackfillTable, sql: ReturnType<typeof batchSql>, prepared: Prepared, options: BackfillOptions): Promise<BackfillResult> {
  const session = await ctx.session();
  const { start } = prepared;
  announce(ctx, request, start);
  const rowsBefore = start.progress.rowsDone;
  const estimate = await estimateRemaining(session, table, request, start.progress.lastKey);
  const outcome = await runBatches({
    session,
    schema: ctx.config.internalSchema,
    request,
    table,
    sql,
    lastKey: start.progress.lastKey,
    lockTimeoutMs: ctx.config.lockTimeoutMs,
    retry: retryPolicy(ctx),
    signal: options.signal,
    onBatch: (b) => options.onProgress?.(progressOf(request, rowsBefore, estimate, b)),
    onLockTimeout: (info) => ctx.onEvent({ type: 'lock-timeout', migration: `backfill ${request.target}`, ...info }),
  });
  if (outcome.status === 'done') await finish(ctx, request, rowsBefore, outcome, options);
  return {
    status: outcome.status,
    target: request.target,
    rows: outcome.rows,
    rowsTotal: rowsBefore + outcome.rows,
    batches: outcome.batches,
    seconds: outcome.elapsedMs / 1000,
    rowsPerSecond: rate(outcome.rows, outcome.elapsedMs),
    longestBatchMs: Math.round(outcome.longestBatchMs),
    start: start.mode,
    blockers: prepared.overridden.length > 0 ? prepared.overridden : undefined,
    warnings: prepared.warnings,
    failure: outcome.failure,
  };
}

/** Resuming or starting over is worth a line: the user asked for "the same command again". */
function announce(ctx: MigratorContext, request: BackfillRequest, start: Start): void {
  const name = `backfill ${request.target}`;
  const p = start.previous;
  if (start.mode === 'resume') ctx.onEvent({ type: 'recovered', migration: name, message: `resuming after ${p!.rowsDone.toLocaleString('en-US')} rows (last key ${JSON.stringify(p!.lastKey)})` });
  if (start.mode === 'restart-changed') ctx.onEvent({ type: 'recovered', migration: name, message: `an unfinished earlier run used a different --set/--where (set: ${p!.setSql}; where: ${p!.whereSql}); starting over from the first key` });
}

async function finish(ctx: MigratorContext, request: BackfillRequest, rowsBefore: number, outcome: EngineOutcome, options: BackfillOptions): Promise<void> {
  const session = await ctx.session();
  const schema = ctx.config.internalSchema;
  const details = { set: request.setSql, where: request.whereSql, rows: rowsBefore + outcome.rows, rowsThisRun: outcome.rows, batches: outcome.batches, seconds: Number((outcome.elapsedMs / 1000).toFixed(3)), longestBatchMs: Math.round(outcome.longestBatchMs) };
  await inTransaction(session, async () => {
    for (const [sql, params] of [finishUpdate(schema, request.target), eventInsert(schema, { action: 'backfill', target: request.target, release: options.release ?? null, details })]) await session.query(sql, params);
  });
}

function overrideEvent(request: BackfillRequest, blockers: Blocker[], options: BackfillOptions) {
  return {
    action: 'override',
    target: request.target,
    release: options.release ?? null,
    reason: options.overrideGate!,
    details: { backfill: request.target, set: request.setSql, where: request.whereSql, blockers: blockers.map((b) => ({ change: b.change, object: b.object, colour: b.colour, state: b.state, release: b.release })) },
  };
}

function blockedResult(request: BackfillRequest, blockers: Blocker[], warnings: string[]): BackfillResult {
  return { status: 'blocked', target: request.target, rows: 0, rowsTotal: 0, batches: 0, seconds: 0, rowsPerSecond: 0, longestBatchMs: 0, start: undefined, blockers, warnings };
}

function progressOf(request: BackfillRequest, rowsBefore: number, estimate: Estimate, b: { rows: number; batches: number; batchMs: number; elapsedMs: number }): BackfillProgress {
  const rowsPerSecond = rate(b.rows, b.elapsedMs);
  // Rows can appear while we run (or the planner guessed low): never estimate below what is done.
  const total = Math.max(estimate.rows, b.rows);
  return {
    target: request.target,
    rows: b.rows,
    rowsBefore,
    estimate: total,
    estimateKind: estimate.kind,
    batches: b.batches,
    lastBatchMs: b.batchMs,
    elapsedMs: b.elapsedMs,
    rowsPerSecond,
    etaSeconds: rowsPerSecond > 0 ? (total - b.rows) / rowsPerSecond : undefined,
  };
}

function rate(rows: number, ms: number): number {
  return ms > 0 ? Math.round((rows * 1000) / ms) : 0;
}

function retryPolicy(ctx: MigratorContext) {
  return { attempts: ctx.config.lockRetries, budgetMs: ctx.config.lockRetryBudgetMs };
}

export type { BackfillOptions, BackfillProgress, BackfillResult } from './backfill-types.js';
export type { BatchFailure } from './backfill-engine.js';
