// `up`: apply pending migrations (spec §7.1). Order of business:
//   read files → compare with the ledger (no lock) → parse and plan everything (bad input
//   stops here, before any lock) → take the migration lock → compare again → resume an
//   interrupted migration → apply each pending migration in its own transaction(s).
import type { Session } from '../db/index.js';
import { writeEvent } from './events.js';
import { executeMigration, type ExecuteContext } from './execute.js';
import { flushedRun, groupCommit } from './durable.js';
import { faultHookFromEnv } from './faults.js';
import { withMigrationLock, type LockGuard } from './locked.js';
import type { MigratorContext } from './migrator.js';
import { assertIntegrity, planMigrations, selectUpTo } from './plan.js';
import { failureOf, type AppliedMigration, type RunResult } from './result.js';
import { StepError } from './step-error.js';
import type { PlannedMigration } from './steps.js';
import { resumeInterrupted } from './resume.js';
import { syncRollouts } from './rollout-api.js';
import { evaluateGate } from './gate-check.js';
import { gatePrefix, gateUnderLock, type GateRunOptions } from './gate-run.js';

export interface UpOptions extends GateRunOptions {
  /** Apply pending migrations up to and including this id or name. */
  to?: string;
  /** Plan and report, change nothing. */
  dryRun?: boolean;
  /** Release id recorded with each applied migration. */
  release?: string;
}

export async function runUp(ctx: MigratorContext, options: UpOptions): Promise<RunResult> {
  const files = await ctx.readFiles();
  const first = await ctx.reconcileNow(files);
  assertIntegrity(first);
  const wanted = selectUpTo(first.pending, options.to);
  // Fast path: nothing to do needs no parser and no lock (quality.md B2).
  if (wanted.length === 0 && first.running.length === 0) return result('ok', [], [], options);
  // The lock connection's backend starts on the server while the files are parsed here.
  if (!options.dryRun) ctx.prefetchLockSession();
  const planned = await planMigrations(ctx, wanted, 'up');
  const gate = await evaluateGate(ctx, await ctx.session(), planned);
  const allowed = gatePrefix(planned, gate, options);
  if (options.dryRun || allowed === 'blocked') return { ...result(gate.blocked && !options.overrideGate ? 'blocked' : 'ok', [], planned, options), gate, warnings: gate.warnings };
  const fault = faultHookFromEnv();
  await fault?.('before-lock');
  return withMigrationLock(ctx, async (session, guard) => {
    const rec = await ctx.reconcileNow(files);
    assertIntegrity(rec);
    await syncRollouts(ctx, session);
    const superuser = await superuserWarning(ctx, session);
    if (superuser) gate.warnings.push(superuser);
    const exec = await executeContext(ctx, session, guard, options, fault);
    return flushedRun(exec, async () => {
      const applied: AppliedMigration[] = [];
      try {
        for (const entry of rec.running) applied.push(await resumeInterrupted(ctx, exec, entry, 'up'));
        const pendingIds = new Set(rec.pending.map((m) => m.id));
        for (const p of allowed.filter((m) => pendingIds.has(m.migration.id))) {
          await guard();
          // Re-checked under the lock, right before the step: colours may have moved since planning (R10).
          const recheck = await gateUnderLock(ctx, session, p, options);
          if (recheck.blocked) return { ...result('blocked', applied, planned, options), gate: recheck.report, warnings: gate.warnings };
          ctx.onEvent({ type: 'migration-start', migration: p.migration.name, direction: 'up' });
          const durationMs = await executeMigration(p, exec, 0, auditFor(ctx, p, options));
          ctx.onEvent({ type: 'migration-done', migration: p.migration.name, direction: 'up', durationMs });
          applied.push({ id: p.migration.id, name: p.migration.name, direction: 'up', durationMs });
        }
      } catch (error) {
        if (!(error instanceof StepError)) throw error;
        await recordFailure(ctx, session, error, options);
        return { ...result('failed', applied, planned, options), failure: failureOf(error), gate, warnings: gate.warnings };
      }
      const stoppedEarly = allowed.length < planned.length;
      return { ...result(stoppedEarly ? 'blocked' : 'ok', applied, planned, options), gate, warnings: gate.warnings };
    });
  });
}

/** How migrations run under the migration lock: with its guard, and group commit when allowed (durable.ts). */
export async function executeContext(ctx: MigratorContext, session: Session, guard: LockGuard, options: { release?: string }, fault = faultHookFromEnv()): Promise<ExecuteContext> {
  const { config } = ctx;
  const db = await ctx.database();
  return {
    db,
    defaultSchema: config.defaultSchema,
    session,
    ledger: ctx.ledger,
    schema: config.internalSchema,
    runId: ctx.runId,
    release: options.release ?? null,
    lockTimeoutMs: config.lockTimeoutMs,
    statementTimeoutMs: config.statementTimeoutMs,
    asyncCommit: await groupCommit(db, session, config),
    retry: { attempts: config.lockRetries, budgetMs: config.lockRetryBudgetMs },
    onEvent: ctx.onEvent,
    fault,
    guard,
  };
}

export function auditFor(ctx: MigratorContext, p: PlannedMigration, options: { release?: string }) {
  return { action: p.direction, target: p.migration.id, release: options.release ?? null, details: { name: p.migration.name, runId: ctx.runId } };
}

async function recordFailure(ctx: MigratorContext, session: Session, error: StepError, options: { release?: string }): Promise<void> {
  await writeEvent(session, ctx.config.internalSchema, {
    action: `${error.direction}-failed`,
    target: error.migration,
    release: options.release ?? null,
    details: { file: error.file, line: error.line, code: error.code, message: error.message },
  }).catch(() => undefined); // the connection may be what failed
}

export function result(status: RunResult['status'], applied: AppliedMigration[], planned: PlannedMigration[], options: { dryRun?: boolean }): RunResult {
  return { status, applied, planned, warnings: [], dryRun: Boolean(options.dryRun) };
}

/**
 * quality.md §3: warn when migrating as a superuser on a server (not on the embedded database):
 * a migrator role that owns the schema, separate from the application's role, limits what a
 * migration — or a leaked migrator password — can do.
 */
async function superuserWarning(ctx: MigratorContext, session: Session): Promise<string | undefined> {
  if ((await ctx.database()).kind !== 'pg') return undefined;
  const { rows } = await session.query<{ name: string; superuser: boolean }>('SELECT current_user AS name, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user');
  const role = rows[0];
  return role?.superuser ? `migrating as superuser "${role.name}": use a dedicated migrator role (docs/security.md)` : undefined;
}
