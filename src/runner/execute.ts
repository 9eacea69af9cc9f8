// Applies (or reverts) one planned migration, step by step (spec §7.3, §7.4):
//   transactional step:  BEGIN; SET LOCAL timeouts; statements; ledger row; COMMIT
//   autocommit step:     ledger row `running` committed first; statement; ledger row updated
// A migration's statements are sent one at a time, never a whole file as one query string;
// only our own statements share a round trip with them (BEGIN and the SETs ride with the
// first, the ledger writes with COMMIT: two round trips for a one-statement migration).
import { inlineParams, inTransaction, type Database, type Session } from '../db/index.js';
import { CHECKSUM_ALGO } from '../files/types.js';
import { eventInsert, type AuditEvent } from './events.js';
import type { Ledger, LedgerWrite } from './ledger.js';
import { findBlockers, withLockRetries, type RetryPolicy } from './lock-retry.js';
import type { EventSink } from './run-events.js';
import { StepError } from './step-error.js';
import type { KnexStep, PlannedMigration, PlannedStatement, SqlStep, Step } from './steps.js';
import { cleanupInvalidIndex, leftInvalidIndex } from './verify.js';
import { forgetExpand, markPhase, openExpand } from '../rollouts/index.js';

export interface ExecuteContext {
  db: Database;
  /** Schema that unqualified names in directives refer to. */
  defaultSchema: string;
  session: Session;
  ledger: Ledger;
  schema: string;
  runId: string;
  release: string | null;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  /** Commit transactional steps with synchronous_commit off; the run flushes once at its end (durable.ts). */
  asyncCommit: boolean;
  retry: RetryPolicy;
  onEvent: EventSink;
  /** Throws when the migration lock may be gone (locked.ts); checked before each later step of a migration. */
  guard?: () => Promise<void>;
  /** Test-only fault injection (docs/testing.md); undefined in normal runs. */
  fault?: (point: string, migrationId?: string) => Promise<void>;
}

/** Runs every step from `fromStep` on. Throws StepError when a step fails (its transaction rolled back). */
export async function executeMigration(planned: PlannedMigration, ctx: ExecuteContext, fromStep = 0, audit?: AuditEvent): Promise<number> {
  const started = Date.now();
  const { steps } = planned;
  const total = steps.length;
  const multiStep = total > 1 || steps.some((s) => !s.transactional);
  // Two-phase ledger (spec §7.3): a migration that is not one transaction is recorded
  // `running` first, so a crash between its steps is visible and resumable.
  if (multiStep && fromStep === 0) await writeRow(ctx, planned, 'running', 0, total, null);
  // Nothing (left) to run — an empty section, or a resumed migration whose last step was verified done.
  if (total === 0 || fromStep >= total) await finishEmpty(ctx, planned, audit, started);
  for (let index = fromStep; index < total; index++) {
    const step = steps[index]!;
    const last = index === total - 1;
    const finish = last ? { state: 'done' as const, audit, durationMs: () => Date.now() - started } : { state: 'progress' as const };
    // A long step (CREATE INDEX CONCURRENTLY) may have outlived the lock connection: the next
    // step starts only while the lock is still ours (R2). Outside the try: nothing to undo.
    if (index > fromStep) await ctx.guard?.();
    try {
      await runStep(step, index, planned, ctx, finish);
    } catch (error) {
      // Nothing of this migration took effect: leave no `running` row behind (R6: step k absent) —
      // unless the step left an INVALID index it could not remove, which the row then covers (I5)
      // so that the next run drops and rebuilds it.
      if (multiStep && index === 0 && planned.direction === 'up' && !(await leftInvalidIndex(ctx.session, step))) await forget(ctx, planned);
      // Steps before this one committed: say so, and where the next run resumes.
      if (error instanceof StepError && index > 0) error.setProgress(index, total);
      throw error;
    }
  }
  return Date.now() - started;
}

type Finish = { state: 'progress' } | { state: 'done'; audit: AuditEvent | undefined; durationMs: () => number };

async function runStep(step: Step, index: number, planned: PlannedMigration, ctx: ExecuteContext, finish: Finish): Promise<void> {
  if (step.type === 'knex') return runKnexStep(step, index, planned, ctx, finish);
  if (step.transactional) return runTransactionalStep(step, index, planned, ctx, finish);
  return runAutocommitStep(step, index, planned, ctx, finish);
}

async function runTransactionalStep(step: SqlStep, index: number, planned: PlannedMigration, ctx: ExecuteContext, finish: Finish): Promise<void> {
  const { session } = ctx;
  let current: PlannedStatement | undefined;
  await retrying(ctx, planned, step, async () => {
    const begin = `BEGIN; SET LOCAL lock_timeout = ${Math.round(ctx.lockTimeoutMs)}; SET LOCAL statement_timeout = ${statementTimeoutFor(step, ctx)}${ctx.asyncCommit ? '; SET LOCAL synchronous_commit = off' : ''}`;
    let writes: Array<[string, unknown[]]> = [];
    try {
      // The migration's statements go one by one; on a server our own BEGIN and SETs ride with
      // the first (one round trip less per migration; each statement is still parsed on its
      // own). PGlite's query() takes one statement, and has no round trips to save.
      const prefix = ctx.db.kind === 'pg' && step.statements.length > 0;
      if (!prefix) await session.batch(begin);
      for (const [i, statement] of step.statements.entries()) {
        current = statement;
        await session.query(prefix && i === 0 ? `${begin};\n${statement.sql}` : statement.sql);
      }
      current = undefined;
      // Built after the statements ran: the row records how long the migration took.
      writes = ledgerWrites(ctx, planned, index, finish);
      await ctx.fault?.('after-ddl', planned.migration.id);
      // Fault injection needs a moment between the ledger write and COMMIT (docs/testing.md).
      if (ctx.fault) {
        for (const [sql, params] of writes) await session.query(sql, params);
        await ctx.fault('before-commit', planned.migration.id);
      }
    } catch (error) {
      await session.query('ROLLBACK').catch(() => undefined);
      throw current ? new StepError(planned, current, error) : error;
    }
    await commitWith(session, ctx.fault ? [] : writes, planned);
    await ctx.fault?.('after-commit', planned.migration.id);
  });
}

/**
 * The ledger writes and COMMIT in one round trip, as literals (inlineParams). When it fails,
 * nothing of the migration committed — unless the connection was lost, when COMMIT may have
 * run: StepError.atCommit says which, and the next run reads the ledger to know.
 */
async function commitWith(session: Session, writes: Array<[string, unknown[]]>, planned: PlannedMigration): Promise<void> {
  try {
    await session.batch([...writes.map(([sql, params]) => inlineParams(sql, params)), 'COMMIT'].join(';\n'));
  } catch (error) {
    // A failed ledger write leaves the transaction aborted (and its COMMIT unsent): end it.
    await session.query('ROLLBACK').catch(() => undefined);
    throw StepError.atCommit(planned, error);
  }
}

async function runAutocommitStep(step: SqlStep, index: number, planned: PlannedMigration, ctx: ExecuteContext, finish: Finish): Promise<void> {
  const { session } = ctx;
  const statement = step.statements[0]!;
  await retrying(ctx, planned, step, async () => {
    // Session-level settings on our own connection: they cannot leak to anyone else (R11).
    await session.query(`SET lock_timeout = ${Math.round(ctx.lockTimeoutMs)}`);
    await session.query('SET statement_timeout = 0');
    try {
      // An earlier attempt that timed out waiting for a lock may have left its INVALID index,
      // and its cleanup may have timed out too: drop it first (under the same lock_timeout).
      await cleanupInvalidIndex(session, statement, ctx.onEvent, 'before');
      await session.query(statement.sql);
    } catch (error) {
      await cleanupInvalidIndex(session, statement, ctx.onEvent, 'after').catch(() => undefined);
      throw new StepError(planned, statement, error);
    } finally {
      await session.query('RESET lock_timeout').catch(() => undefined);
      await session.query('RESET statement_timeout').catch(() => undefined);
    }
  });
  await ctx.fault?.('after-ddl', planned.migration.id);
  await writeInTransaction(session, ledgerWrites(ctx, planned, index, finish), ctx, planned);
  await ctx.fault?.('after-commit', planned.migration.id);
}

async function runKnexStep(step: KnexStep, index: number, planned: PlannedMigration, ctx: ExecuteContext, finish: Finish): Promise<void> {
  const knex = (await ctx.db.knex()) as any;
  if (!step.transactional) {
    try {
      await step.run(knex);
    } catch (error) {
      throw new StepError(planned, undefined, error);
    }
    await writeInTransaction(ctx.session, ledgerWrites(ctx, planned, index, finish));
    return;
  }
  await retrying(ctx, planned, step, async () => {
    try {
      await knex.transaction(async (trx: any) => {
        await trx.raw(`SET LOCAL lock_timeout = ${Math.round(ctx.lockTimeoutMs)}`);
        await step.run(trx);
        await ctx.fault?.('after-ddl', planned.migration.id);
        for (const [sql, params] of ledgerWrites(ctx, planned, index, finish)) await trx.raw(...toKnexBindings(sql, params));
        await ctx.fault?.('before-commit', planned.migration.id);
      });
    } catch (error) {
      throw new StepError(planned, undefined, error);
    }
    await ctx.fault?.('after-commit', planned.migration.id);
  });
}

/** knex.raw takes positional `?` placeholders; our own SQL uses $n, possibly out of order or repeated. */
function toKnexBindings(sql: string, params: unknown[]): [string, unknown[]] {
  const bindings: unknown[] = [];
  const text = sql.replace(/\?/g, '\\?').replace(/\$(\d+)/g, (_, n: string) => {
    bindings.push(params[Number(n) - 1]);
    return '?';
  });
  return [text, bindings];
}

async function retrying(ctx: ExecuteContext, planned: PlannedMigration, step: Step, attempt: () => Promise<void>): Promise<void> {
  const tables = [...new Set(step.statements.flatMap((s) => s.classification?.lock.tables ?? []))];
  await withLockRetries(attempt, ctx.retry, async (n) => {
    const blockers = await findBlockers(ctx.session, tables);
    const info = { attempt: n, delayMs: 0, blockers, tables };
    queueMicrotask(() => ctx.onEvent({ type: 'lock-timeout', migration: planned.migration.name, ...info }));
    return info;
  });
}

/**
 * statement_timeout only for metadata-only steps; anything that scans, rewrites or changes
 * data runs without one (spec §7.4), since its duration depends on the table's size.
 */
function statementTimeoutFor(step: SqlStep, ctx: ExecuteContext): number {
  const metadataOnly = step.statements.every((s) => s.classification && !s.classification.rewrite && !s.classification.scan && s.classification.effect !== 'data' && s.classification.effect !== 'unknown');
  return metadataOnly ? Math.round(ctx.statementTimeoutMs) : 0;
}

function ledgerWrites(ctx: ExecuteContext, planned: PlannedMigration, index: number, finish: Finish): Array<[string, unknown[]]> {
  const total = planned.steps.length;
  const writes: Array<[string, unknown[]]> = [];
  if (planned.direction === 'down' && finish.state === 'done') writes.push(ctx.ledger.remove(planned.migration.id));
  else if (finish.state === 'done') {
    // The upsert also records the checksum of the file it finished with (a multi-step migration
    // fixed after a failed step, R6).
    writes.push(ctx.ledger.upsert(row(ctx, planned, 'applied', total, total, finish.durationMs())));
  }
  else writes.push(ctx.ledger.upsert(row(ctx, planned, 'running', index + 1, total, null)));
  // The ledger row and its audit event (different tables) in one statement: one round trip less per migration.
  if (finish.state === 'done' && finish.audit) writes[0] = combineWrites(writes[0]!, eventInsert(ctx.schema, finish.audit));
  if (finish.state === 'done') writes.push(...rolloutWrites(ctx, planned));
  return writes;
}

/**
 * Two data-modifying statements on different tables as one: the first becomes a CTE, the second's
 * placeholders are renumbered after the first's. (Not for two writes to the same row.)
 */
export function combineWrites([firstSql, firstParams]: [string, unknown[]], [secondSql, secondParams]: [string, unknown[]]): [string, unknown[]] {
  const offset = firstParams.length;
  const renumbered = secondSql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  return [`WITH first_write AS (${firstSql}) ${renumbered}`, [...firstParams, ...secondParams]];
}

/** The rollout ledger moves in the same transaction as the DDL that moves it (I6). */
function rolloutWrites(ctx: ExecuteContext, planned: PlannedMigration): Array<[string, unknown[]]> {
  const id = planned.migration.id;
  const mark = { migration: id, release: ctx.release };
  const writes: Array<[string, unknown[]]> = [];
  for (const touch of planned.statements.flatMap((s) => s.touches)) {
    if (planned.direction === 'down') {
      if (touch.how === 'drop') writes.push(forgetExpand(ctx.schema, touch.column, id));
    } else if (touch.how === 'add') writes.push(openExpand(ctx.schema, touch.column, id, ctx.release));
    else if (touch.how === 'enforce') writes.push(markPhase(ctx.schema, touch.column, 'add-column', 'enforced', mark));
    else if (touch.how === 'drop') writes.push(markPhase(ctx.schema, touch.column, 'remove-column', 'dropped', mark));
  }
  if (planned.direction === 'up') {
    for (const written of planned.deprecates) {
      // `-- safe-migrate:deprecate s.t.c`: from this migration on, code no longer uses it (spec §6.3).
      const object = written.split('.').length === 2 ? `${ctx.defaultSchema}.${written}` : written;
      writes.push(markPhase(ctx.schema, object, object.split('.').length === 3 ? 'remove-column' : 'remove-relation', 'deprecated', mark));
    }
  }
  return writes;
}

function row(ctx: ExecuteContext, planned: PlannedMigration, state: 'running' | 'applied', done: number, total: number, durationMs: number | null): LedgerWrite {
  const m = planned.migration;
  return { id: m.id, name: m.name, checksum: m.checksum, checksumAlgo: CHECKSUM_ALGO, state, direction: planned.direction, stepsDone: done, stepsTotal: total, durationMs, runId: ctx.runId, release: ctx.release };
}

async function writeRow(ctx: ExecuteContext, planned: PlannedMigration, state: 'running', done: number, total: number, durationMs: number | null): Promise<void> {
  await writeInTransaction(ctx.session, [ctx.ledger.upsert(row(ctx, planned, state, done, total, durationMs))]);
}

async function forget(ctx: ExecuteContext, planned: PlannedMigration): Promise<void> {
  await writeInTransaction(ctx.session, [ctx.ledger.remove(planned.migration.id)]).catch(() => undefined);
}

async function finishEmpty(ctx: ExecuteContext, planned: PlannedMigration, audit: AuditEvent | undefined, started: number): Promise<void> {
  await writeInTransaction(ctx.session, ledgerWrites(ctx, planned, 0, { state: 'done', audit, durationMs: () => Date.now() - started }));
}

/** With `ctx` and `planned`, an autocommit step's ledger write: the before-commit fault point applies (docs/testing.md). */
async function writeInTransaction(session: Session, writes: Array<[string, unknown[]]>, ctx?: ExecuteContext, planned?: PlannedMigration): Promise<void> {
  await inTransaction(session, async () => {
    for (const [sql, params] of writes) await session.query(sql, params);
    await ctx?.fault?.('before-commit', planned?.migration.id);
  });
}
