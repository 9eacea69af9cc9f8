// `down`: run down parts in reverse order of application (spec §7.1). With no option only
// the last applied migration; --steps N, --to <id> (everything applied after it) or
// --last-run (everything the last `up` applied). A missing down part is an input error
// and nothing is changed.
import { SafeMigrateError } from '../errors.js';
import { flushedRun } from './durable.js';
import { executeMigration } from './execute.js';
import { faultHookFromEnv } from './faults.js';
import type { LedgerRow } from './ledger.js';
import { withMigrationLock } from './locked.js';
import type { MigratorContext } from './migrator.js';
import { assertIntegrity, planMigrations } from './plan.js';
import { failureOf, type AppliedMigration, type RunResult } from './result.js';
import { StepError } from './step-error.js';
import { executeContext } from './up.js';
import { resumeInterrupted } from './resume.js';
import type { StatusEntry } from './reconcile.js';
import { evaluateGate } from './gate-check.js';
import { gateUnderLock, type GateRunOptions } from './gate-run.js';

export interface DownOptions extends GateRunOptions {
  steps?: number;
  to?: string;
  lastRun?: boolean;
  dryRun?: boolean;
  release?: string;
}

export async function runDown(ctx: MigratorContext, options: DownOptions): Promise<RunResult> {
  const files = await ctx.readFiles();
  const rec = await ctx.reconcileNow(files);
  assertIntegrity(rec);
  const session = await ctx.session();
  // An interrupted migration comes first: a rollback that was killed is finished, never skipped
  // for the migration before it; one interrupted during up must be finished by up.
  if (rec.running.length > 0) return finishInterrupted(ctx, rec.running[0]!, options);
  const rows = rec.entries.some((e) => e.row) ? (await ctx.ledger.read(session)).filter((r) => r.state === 'applied') : [];
  const chosen = chooseRows(rows, options);
  const byId = new Map(files.map((m) => [m.id, m]));
  const missing = chosen.find((r) => !byId.has(r.id));
  if (missing) {
    throw new SafeMigrateError('input', `cannot roll back ${missing.name}: its file is not in the migrations directory`, {
      hint: 'restore the file, or roll back by hand and run safe-migrate repair --rolled-back ' + missing.id,
    });
  }
  const planned = await planMigrations(ctx, chosen.map((r) => byId.get(r.id)!), 'down');
  // A rollback is gated like an up: undoing ADD COLUMN drops the column (spec §7.1).
  const gate = await evaluateGate(ctx, session, planned);
  const blocked = gate.blocked && !options.overrideGate;
  if (options.dryRun || planned.length === 0 || blocked) return { status: blocked ? 'blocked' : 'ok', applied: [], planned, warnings: gate.warnings, dryRun: Boolean(options.dryRun), gate };
  const fault = faultHookFromEnv();
  return withMigrationLock(ctx, async (locked, guard) => {
    // The choice is made again under the lock: an `up` that ran meanwhile would otherwise make
    // this rollback remove a migration from the middle of the history.
    const fresh = (await ctx.ledger.read(locked)).filter((r) => r.state === 'applied');
    const again = chooseRows(fresh, options).map((r) => r.id);
    if (again.join() !== chosen.map((r) => r.id).join()) {
      throw new SafeMigrateError('input', `the applied migrations changed while down waited for the migration lock (now: ${again.join(', ') || 'nothing'} would be rolled back)`, {
        hint: 'run safe-migrate status, then down again; nothing was rolled back',
      });
    }
    const current = new Set(fresh.map((r) => r.id));
    const exec = await executeContext(ctx, locked, guard, options, fault);
    return flushedRun(exec, async () => {
      const applied: AppliedMigration[] = [];
      try {
        for (const p of planned.filter((m) => current.has(m.migration.id))) {
          await guard();
          const recheck = await gateUnderLock(ctx, locked, p, options);
          if (recheck.blocked) return { status: 'blocked', applied, planned, warnings: gate.warnings, dryRun: false, gate: recheck.report };
          ctx.onEvent({ type: 'migration-start', migration: p.migration.name, direction: 'down' });
          const audit = { action: 'down', target: p.migration.id, release: options.release ?? null, details: { name: p.migration.name, runId: ctx.runId } };
          const durationMs = await executeMigration(p, exec, 0, audit);
          ctx.onEvent({ type: 'migration-done', migration: p.migration.name, direction: 'down', durationMs });
          applied.push({ id: p.migration.id, name: p.migration.name, direction: 'down', durationMs });
        }
      } catch (error) {
        if (!(error instanceof StepError)) throw error;
        return { status: 'failed', applied, planned, warnings: gate.warnings, dryRun: false, failure: failureOf(error), gate };
      }
      return { status: 'ok', applied, planned, warnings: gate.warnings, dryRun: false, gate };
    });
  });
}

/** The rows to roll back, newest application first. */
export function chooseRows(rows: LedgerRow[], options: DownOptions): LedgerRow[] {
  const newestFirst = [...rows].reverse();
  const given = [options.steps !== undefined, options.to !== undefined, options.lastRun === true].filter(Boolean).length;
  if (given > 1) throw new SafeMigrateError('usage', 'use only one of --steps, --to and --last-run');
  if (options.to !== undefined) {
    const index = newestFirst.findIndex((r) => r.id === options.to || r.name === options.to);
    if (index === -1) throw new SafeMigrateError('usage', `--to ${options.to} is not an applied migration`, { hint: 'run safe-migrate status to see applied ids' });
    return newestFirst.slice(0, index);
  }
  if (options.lastRun) {
    const runId = newestFirst[0]?.runId;
    return newestFirst.filter((r) => r.runId === runId);
  }
  const steps = options.steps ?? 1;
  if (!Number.isInteger(steps) || steps < 1) throw new SafeMigrateError('usage', `--steps must be a whole number ≥ 1, got ${steps}`);
  return newestFirst.slice(0, steps);
}

async function finishInterrupted(ctx: MigratorContext, entry: StatusEntry, options: DownOptions): Promise<RunResult> {
  if (options.dryRun) return { status: 'ok', applied: [], planned: [], warnings: [`${entry.name} was interrupted; down would finish it first`], dryRun: true };
  return withMigrationLock(ctx, async (locked, guard) => {
    const fresh = (await ctx.reconcileNow(await ctx.readFiles())).running.find((e) => e.id === entry.id);
    if (!fresh) return { status: 'ok', applied: [], planned: [], warnings: [], dryRun: false };
    const exec = await executeContext(ctx, locked, guard, options, faultHookFromEnv());
    return flushedRun(exec, async (): Promise<RunResult> => {
      try {
        const done = await resumeInterrupted(ctx, exec, fresh, 'down');
        ctx.onEvent({ type: 'migration-done', migration: done.name, direction: 'down', durationMs: done.durationMs });
        return { status: 'ok', applied: [done], planned: [], warnings: [], dryRun: false };
      } catch (error) {
        if (!(error instanceof StepError)) throw error;
        return { status: 'failed', applied: [], planned: [], warnings: [], dryRun: false, failure: failureOf(error) };
      }
    });
  });
}
