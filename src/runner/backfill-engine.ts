// The batch loop of a backfill. Each batch is its own short transaction:
//   BEGIN; lock_timeout = config, statement_timeout = 0 (both LOCAL); find the batch's bound;
//   update up to it (backfill-sql.ts); move the cursor in the progress row; COMMIT; then pause.
// Row locks live only from the batch's FOR UPDATE to its COMMIT, so the application never waits
// on a backfill longer than one batch — and the backfill never waits longer than lock_timeout
// on the application: a timed-out batch rolls back (releasing what it locked) and is retried
// with backoff (lock-retry.ts), the blockers named each time.
import { inTransaction, type Session } from '../db/index.js';
import { SafeMigrateError } from '../errors.js';
import type { BackfillRequest } from './backfill-input.js';
import type { BackfillTable, BatchSql } from './backfill-sql.js';
import { progressUpdate } from './backfill-store.js';
import { findBlockers, LOCK_NOT_AVAILABLE, withLockRetries, type LockTimeoutInfo, type RetryPolicy } from './lock-retry.js';

export interface EngineInput {
  session: Session;
  /** safe-migrate's internal schema (progress table). */
  schema: string;
  request: BackfillRequest;
  table: BackfillTable;
  sql: BatchSql;
  /** Where to start: the cursor of the run being resumed, or null for the first key. */
  lastKey: string[] | null;
  lockTimeoutMs: number;
  retry: RetryPolicy;
  signal?: AbortSignal;
  onBatch(batch: BatchDone): void;
  onLockTimeout(info: LockTimeoutInfo): void;
}

export interface BatchDone {
  /** Rows updated by this run so far. */
  rows: number;
  batches: number;
  batchMs: number;
  elapsedMs: number;
}

export interface BatchFailure {
  message: string;
  /** SQLSTATE. */
  code: string;
  /** 1-based number of the batch (in this run) that failed. */
  batch: number;
  /** The cursor the failed batch started after; null for the first key. */
  afterKey: string[] | null;
}

export interface EngineOutcome {
  status: 'done' | 'interrupted' | 'failed';
  rows: number;
  batches: number;
  longestBatchMs: number;
  elapsedMs: number;
  lastKey: string[] | null;
  failure?: BatchFailure;
}

interface BatchResult {
  updated: number;
  selected: number;
  lastKey: string[] | null;
  ms: number;
}

/** Thrown inside a retry loop when the run was asked to stop; never leaves this module. */
class Interrupted extends Error {}

export async function runBatches(input: EngineInput): Promise<EngineOutcome> {
  const started = performance.now();
  const state = { rows: 0, batches: 0, longestBatchMs: 0, lastKey: input.lastKey };
  const outcome = (status: EngineOutcome['status'], failure?: BatchFailure): EngineOutcome => ({ status, ...state, elapsedMs: performance.now() - started, failure });
  for (;;) {
    if (input.signal?.aborted) return outcome('interrupted');
    let batch: BatchResult;
    try {
      batch = await withRetries(input, () => runBatch(input, state.lastKey));
    } catch (error) {
      if (error instanceof Interrupted) return outcome('interrupted');
      if (isStatementError(error)) return outcome('failed', { message: (error as Error).message, code: (error as { code: string }).code, batch: state.batches + 1, afterKey: state.lastKey });
      throw error;
    }
    if (batch.selected > 0) {
      state.batches += 1;
      state.rows += batch.updated;
      state.lastKey = batch.lastKey;
      state.longestBatchMs = Math.max(state.longestBatchMs, batch.ms);
      input.onBatch({ rows: state.rows, batches: state.batches, batchMs: batch.ms, elapsedMs: performance.now() - started });
    }
    // Fewer rows than asked for: the keyset has reached the end of what the condition matches.
    if (batch.selected < input.request.batchSize) return outcome('done');
    await pause(input.request.pauseMs, input.signal);
  }
}

async function runBatch(input: EngineInput, lastKey: string[] | null): Promise<BatchResult> {
  if (input.signal?.aborted) throw new Interrupted();
  const { session, request } = input;
  const t0 = performance.now();
  try {
    const done = await inTransaction(session, async () => {
      // SET LOCAL, in one round trip: nothing leaks past this transaction (R11).
      await session.query(`SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', '0', true)`, [String(Math.round(input.lockTimeoutMs))]);
      const { sql } = input;
      const bound = await session.query<{ selected: number; last_key: string[] | null }>(lastKey ? sql.bound.after : sql.bound.first, lastKey ?? undefined);
      const { selected, last_key: upper } = bound.rows[0]!;
      let updated = 0;
      if (selected > 0) {
        updated = (await session.query(lastKey ? sql.update.after : sql.update.first, lastKey ? [...lastKey, ...upper!] : upper!)).rowCount;
        const [progressSql, params] = progressUpdate(input.schema, request.target, lastKey, upper!, updated);
        if ((await session.query(progressSql, params)).rowCount !== 1) throw cursorMoved(request.target);
      }
      return { updated, selected: Number(selected), lastKey: upper };
    });
    // Timed to after COMMIT: the batch's row locks are held until then.
    return { ...done, ms: performance.now() - t0 };
  } catch (error) {
    throw asRetryable(error);
  }
}

/**
 * A deadlock with the application (40P01: it locks rows in another order) or a serialization
 * failure (40001, when the server defaults to a stricter isolation) rolled the batch back like
 * a lock timeout would; it is retried the same way, under the same budget.
 */
function asRetryable(error: unknown): unknown {
  const code = (error as { code?: string })?.code;
  if (code !== '40P01' && code !== '40001') return error;
  return Object.assign(new Error(`${(error as Error).message} (batch rolled back, retrying)`), { code: LOCK_NOT_AVAILABLE, cause: error });
}

async function withRetries<T>(input: EngineInput, attempt: () => Promise<T>): Promise<T> {
  const display = `${input.table.schema}.${input.table.table}`;
  try {
    return await withLockRetries(attempt, { ...input.retry, sleep: (ms) => pause(ms, input.signal) }, async (n) => {
      const info: LockTimeoutInfo = { attempt: n, delayMs: 0, blockers: await findBlockers(input.session, [display]), tables: [display] };
      // withLockRetries fills in the delay after this returns; report it once it has.
      queueMicrotask(() => input.onLockTimeout(info));
      return info;
    });
  } catch (error) {
    if (error instanceof SafeMigrateError && error.kind === 'unavailable') {
      throw new SafeMigrateError('unavailable', error.message, {
        hint: 'end or wait for the blocking transaction, then run the same backfill again: it resumes after the last committed batch (raise lockRetries / lockRetryBudget to wait longer)',
        cause: error,
      });
    }
    throw error;
  }
}

function cursorMoved(target: string): SafeMigrateError {
  return new SafeMigrateError('unavailable', `the progress of the backfill of ${target} was moved by another run; this batch was rolled back and this run stopped`, {
    hint: 'let the other run finish (safe-migrate log shows it when it does), or stop it and run the command again to resume',
  });
}

/** A database error in the statement itself (bad value, constraint), not a lost connection. */
function isStatementError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57');
}

/** Sleeps, but wakes at once when the run is asked to stop. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
