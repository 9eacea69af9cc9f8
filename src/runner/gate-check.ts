// Bridges planned migrations and the pure colour gate: reads colours and deprecations,
// turns planned statements into gate input, and decides.
import { checkGate, readColours, readDeprecations, type GateReport, type GateStatement } from '../colours/index.js';
import type { Session } from '../db/index.js';
import type { MigratorContext } from './migrator.js';
import type { PlannedMigration } from './steps.js';

export function gateStatements(planned: readonly PlannedMigration[]): GateStatement[] {
  return planned.flatMap((p) =>
    p.statements.map((s) => ({
      migration: p.migration.name,
      direction: p.direction,
      file: s.file,
      line: s.line,
      sql: s.sql,
      effect: s.classification?.effect ?? 'unknown',
      breaks: s.classification?.breaks ?? [],
      objects: s.classification?.objects ?? [],
      unknownReviewed: p.fileIgnores.includes('unknown-statement') || s.statement.ignores.some((i) => i.rules.includes('unknown-statement') && Boolean(i.reason)),
    })),
  );
}

export async function evaluateGate(ctx: MigratorContext, session: Session, planned: readonly PlannedMigration[]): Promise<GateReport> {
  const { config } = ctx;
  const [colours, deprecations] = [await readColours(session, config.internalSchema, config.colours), await readDeprecations(session, config.internalSchema)];
  return checkGate(gateStatements(planned), colours, { requireColours: config.requireColours, deprecations });
}
