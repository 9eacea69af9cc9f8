// Planning: which migrations are pending, parsed, classified and split into steps.
// Changes nothing and takes no lock.
import type { GateReport } from '../colours/index.js';
import { evaluateGate } from './gate-check.js';
import { columnTouches, validatesConstraint } from '../rollouts/index.js';
import { SafeMigrateError } from '../errors.js';
import type { InputProblem, Migration } from '../files/types.js';
import type { SqlStatement } from '../sql/index.js';
import { readNotValidNotNullChecks } from './not-null-checks.js';
import type { MigratorContext } from './migrator.js';
import { inputError } from './migrator.js';
import type { Reconciled } from './reconcile.js';
import type { PlannedMigration } from './steps.js';

export interface PlanReport {
  database: string;
  migrations: PlannedMigration[];
  /** What the colour gate would decide for them now (spec §5.3). */
  gate: GateReport;
}

export async function planPending(ctx: MigratorContext, options: { to?: string }): Promise<PlanReport> {
  const files = await ctx.readFiles();
  const rec = await ctx.reconcileNow(files);
  assertIntegrity(rec);
  const migrations = await planMigrations(ctx, selectUpTo(rec.pending, options.to), 'up');
  const gate = await evaluateGate(ctx, await ctx.session(), migrations);
  return { database: (await ctx.database()).display, migrations, gate };
}

export function assertIntegrity(rec: Reconciled): void {
  if (rec.problems.length === 0) return;
  throw inputError(rec.problems.map((p) => ({ file: p.file ?? p.id, message: p.message, hint: p.hint })));
}

/** Pending migrations up to and including `to` (an id or a full name). */
export function selectUpTo(pending: Migration[], to: string | undefined): Migration[] {
  if (to === undefined) return pending;
  const index = pending.findIndex((m) => m.id === to || m.name === to);
  if (index === -1) {
    throw new SafeMigrateError('usage', `--to ${to} is not a pending migration`, { hint: 'run safe-migrate status to see pending ids' });
  }
  return pending.slice(0, index + 1);
}

/** Parses and plans each migration's section; every input problem is reported at once, before anything runs. */
export async function planMigrations(ctx: MigratorContext, migrations: Migration[], direction: 'up' | 'down'): Promise<PlannedMigration[]> {
  if (migrations.length === 0) return [];
  // The parser and classifier load only when something is pending: a no-op `up` skips them (B2).
  const [{ classifySection }, { loadParser }, { planSection }] = await Promise.all([import('../classify/index.js'), import('../sql/index.js'), import('./steps.js')]);
  await loadParser();
  const classifyAll = (statements: SqlStatement[]) => classifySection(statements, { defaultSchema: ctx.config.defaultSchema });
  const planned: PlannedMigration[] = [];
  const problems: InputProblem[] = [];
  for (const migration of migrations) {
    const result = planSection(migration, direction, classifyAll);
    problems.push(...result.problems);
    if (result.planned) planned.push(result.planned);
  }
  if (problems.length > 0) throw inputError(problems);
  // NOT VALID CHECK (c IS NOT NULL) constraints by name: the VALIDATE that enforces one comes in a
  // later migration of this run, or of a later run — then the database knows the constraint.
  const notNullChecks = planned.some((p) => p.statements.some((s) => validatesConstraint(s.statement))) ? await readNotValidNotNullChecks(await ctx.session()) : new Map<string, string>();
  for (const p of planned) withTouches(p, ctx.config.defaultSchema, notNullChecks);
  return planned;
}

/** Fills in each statement's column touches; columns of a table created in the same migration have no rollout (nobody uses them yet). */
function withTouches(planned: PlannedMigration, defaultSchema: string, notNullChecks: Map<string, string>): PlannedMigration {
  const created = new Set(planned.statements.flatMap((s) => (s.classification?.objects ?? []).filter((o) => o.type === 'table' && o.action === 'create').map((o) => o.name)));
  for (const s of planned.statements) {
    s.touches = columnTouches(s.statement, s.classification, defaultSchema, notNullChecks).filter((t) => !created.has(t.column.split('.').slice(0, 2).join('.')));
  }
  return planned;
}
