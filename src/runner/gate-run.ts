// How up and down act on gate decisions (spec §5.3): all-or-nothing by default;
// --until-blocked applies the allowed prefix; --override-gate runs blocked steps and
// records the reason and the blockers in the audit log.
import type { GateReport } from '../colours/index.js';
import type { Session } from '../db/index.js';
import { writeEvent } from './events.js';
import { evaluateGate } from './gate-check.js';
import type { MigratorContext } from './migrator.js';
import type { PlannedMigration } from './steps.js';

export interface GateRunOptions {
  /** Apply the allowed migrations before the first blocked one, then stop (exit 3). */
  untilBlocked?: boolean;
  /** Run blocked steps anyway; the reason and the blockers are recorded. */
  overrideGate?: string;
  release?: string;
}

/** The migrations this run may apply, or 'blocked' when the run must not start. */
export function gatePrefix(planned: PlannedMigration[], gate: GateReport, options: GateRunOptions): PlannedMigration[] | 'blocked' {
  if (!gate.blocked || options.overrideGate) return planned;
  if (!options.untilBlocked) return 'blocked';
  const firstBlocked = planned.findIndex((p) => gate.decisions.some((d) => d.blocked && d.migration === p.migration.name && d.direction === p.direction));
  return planned.slice(0, firstBlocked);
}

/** Re-checks one migration with fresh colours under the lock; records an override when one is used. */
export async function gateUnderLock(ctx: MigratorContext, session: Session, planned: PlannedMigration, options: GateRunOptions): Promise<{ blocked: boolean; report: GateReport }> {
  // Nothing the gate or the ledger could refuse (a CREATE TABLE, an additive ADD COLUMN…): no need
  // to read the registry again for it.
  if (!blockable(planned)) return { blocked: false, report: { blocked: false, decisions: [], warnings: [] } };
  const report = await evaluateGate(ctx, session, [planned]);
  if (!report.blocked) return { blocked: false, report };
  if (!options.overrideGate) return { blocked: true, report };
  const blockers = report.decisions.flatMap((d) => d.blockers);
  await writeEvent(session, ctx.config.internalSchema, {
    action: 'override',
    target: planned.migration.id,
    release: options.release ?? null,
    reason: options.overrideGate,
    details: { migration: planned.migration.name, direction: planned.direction, blockers: blockers.map((b) => ({ file: b.file, line: b.line, change: b.change, object: b.object, colour: b.colour, state: b.state, release: b.release })) },
  });
  return { blocked: false, report };
}

/** Whether the gate or the rollout ledger could block this migration at all. */
export function blockable(planned: PlannedMigration): boolean {
  return planned.statements.some((s) => {
    const effect = s.classification?.effect ?? 'unknown';
    return effect === 'destructive' || effect === 'unknown' || s.touches.some((t) => t.how === 'backfill' || t.how === 'enforce' || t.how === 'restrict');
  });
}
