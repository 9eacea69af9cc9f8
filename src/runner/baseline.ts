// `baseline`: adopt a database another tool (or a person) already migrated. Records the
// migrations up to and including `--to` as applied without running them — the ledger row each
// would have written, and one audit event — so `up` continues from there. Files are parsed and
// planned first, so a file safe-migrate cannot run is refused here too, not at the next `up`.
import { inTransaction } from '../db/index.js';
import { SafeMigrateError } from '../errors.js';
import { CHECKSUM_ALGO, type Migration } from '../files/types.js';
import { writeEvent } from './events.js';
import { withMigrationLock } from './locked.js';
import type { MigratorContext } from './migrator.js';
import { assertIntegrity, planMigrations } from './plan.js';
import type { Reconciled } from './reconcile.js';

export interface BaselineOptions {
  /** The last migration already applied to the database (an id or a full name). */
  to: string;
  /** Recorded in the audit event. */
  reason?: string;
  /** List what would be recorded, change nothing. */
  dryRun?: boolean;
}

export interface BaselineResult {
  /** Migrations recorded as applied (or that would be, with dryRun), in order. */
  recorded: Array<{ id: string; name: string }>;
  dryRun: boolean;
}

export async function runBaseline(ctx: MigratorContext, options: BaselineOptions): Promise<BaselineResult> {
  const files = await ctx.readFiles();
  const chosen = choose(await ctx.reconcileNow(files), options.to);
  const planned = await planMigrations(ctx, chosen, 'up');
  const recorded = chosen.map((m) => ({ id: m.id, name: m.name }));
  if (options.dryRun) return { recorded, dryRun: true };
  return withMigrationLock(ctx, async (session) => {
    // Chosen again under the lock: an `up` that ran meanwhile must not be recorded twice.
    const again = choose(await ctx.reconcileNow(files), options.to);
    if (again.map((m) => m.id).join() !== chosen.map((m) => m.id).join()) {
      throw new SafeMigrateError('input', 'the ledger changed while baseline waited for the migration lock', { hint: 'run safe-migrate status, then baseline again; nothing was recorded' });
    }
    await inTransaction(session, async () => {
      for (const p of planned) {
        const steps = p.steps.length;
        const [sql, params] = ctx.ledger.upsert({ id: p.migration.id, name: p.migration.name, checksum: p.migration.checksum, checksumAlgo: CHECKSUM_ALGO, state: 'applied', direction: 'up', stepsDone: steps, stepsTotal: steps, durationMs: null, runId: ctx.runId, release: null });
        await session.query(sql, params);
      }
      await writeEvent(session, ctx.config.internalSchema, { action: 'baseline', target: options.to, reason: options.reason ?? null, details: { ids: recorded.map((r) => r.id), runId: ctx.runId } });
    });
    return { recorded, dryRun: false };
  });
}

/** The pending migrations up to `to`; refuses anything that would make the ledger lie. */
function choose(rec: Reconciled, to: string): Migration[] {
  assertIntegrity(rec);
  const index = rec.entries.findIndex((e) => e.migration && (e.id === to || e.name === to));
  if (index === -1) throw new SafeMigrateError('usage', `--to ${to} is not a migration in the migrations directory`, { hint: 'run safe-migrate status to see the ids' });
  const upTo = rec.entries.slice(0, index + 1);
  const running = upTo.find((e) => e.state === 'running');
  if (running) throw new SafeMigrateError('input', `migration ${running.name} was interrupted`, { hint: 'finish it with safe-migrate up, or settle it with safe-migrate repair, before a baseline' });
  const later = rec.entries.slice(index + 1).find((e) => e.state === 'applied' || e.state === 'running' || e.state === 'future');
  if (later) {
    throw new SafeMigrateError('usage', `${later.name}, after ${to}, is already recorded: a baseline only records the start of the history`, { hint: 'choose the newest migration the database already has as --to' });
  }
  const pending = upTo.filter((e) => e.state === 'pending').map((e) => e.migration!);
  if (pending.length === 0) throw new SafeMigrateError('usage', `nothing to record: every migration up to ${to} is already recorded`, { hint: 'run safe-migrate status' });
  return pending;
}
