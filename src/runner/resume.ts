// Finishing an interrupted migration (ledger row `running`, spec §7.3): the row says which
// direction it was going and how many steps were done; the next step is verified when it is
// an autocommit statement, then the migration is finished in the same direction.
import { SafeMigrateError } from '../errors.js';
import { executeMigration, type ExecuteContext } from './execute.js';
import type { MigratorContext } from './migrator.js';
import { planMigrations } from './plan.js';
import type { StatusEntry } from './reconcile.js';
import type { AppliedMigration } from './result.js';
import { auditFor } from './up.js';
import { verifyInterrupted } from './verify.js';

export async function resumeInterrupted(ctx: MigratorContext, exec: ExecuteContext, entry: StatusEntry, direction: 'up' | 'down'): Promise<AppliedMigration> {
  const row = entry.row!;
  const repairHint = `check the database by hand, then run safe-migrate repair --applied ${row.id} or --rolled-back ${row.id}`;
  if (row.direction !== direction) {
    const finish = row.direction === 'down' ? 'finish the rollback with safe-migrate down' : 'finish it with safe-migrate up';
    throw new SafeMigrateError('input', `migration ${row.name} was interrupted during ${row.direction === 'down' ? 'a rollback' : 'up'}`, { hint: `${finish} first (or ${repairHint.replace('check the database by hand, then run ', '')})` });
  }
  if (!entry.migration) throw new SafeMigrateError('input', `migration ${row.name} was interrupted and its file is missing`, { hint: repairHint });
  const [planned] = await planMigrations(ctx, [entry.migration], direction);
  let from = row.stepsDone;
  const step = planned!.steps[from];
  if (step && !step.transactional && step.type === 'sql') {
    const verdict = await verifyInterrupted(exec.session, step.statements[0]!);
    if (verdict === 'unverifiable') {
      throw new SafeMigrateError('input', `migration ${row.name} was interrupted in step ${from + 1} (${step.statements[0]!.file}:${step.statements[0]!.line}), whose effect cannot be verified`, { hint: repairHint });
    }
    if (verdict === 'done') from += 1;
  }
  ctx.onEvent({ type: 'recovered', migration: row.name, message: `resuming interrupted ${direction === 'up' ? 'migration' : 'rollback'} at step ${from + 1} of ${planned!.steps.length}` });
  const audit = auditFor(ctx, planned!, { release: exec.release ?? undefined });
  // executeMigration records the migration applied when `from` is past its last step.
  const durationMs = await executeMigration(planned!, exec, from, audit);
  return { id: row.id, name: row.name, direction, durationMs };
}
