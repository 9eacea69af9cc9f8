// Bridges planned migrations and the pure deciders — the colour gate (spec §5.3) and the
// rollout ledger (spec §6.1): reads colours, deprecations and rollouts, and merges both
// verdicts into one report (same exit code, same override rules).
import { checkGate, readColours, readDeprecations, type GateReport, type GateStatement } from '../colours/index.js';
import { readLayoutVersion, type Session } from '../db/index.js';
import { checkRollouts, readRollouts, type LedgerStatement } from '../rollouts/index.js';
import type { MigratorContext } from './migrator.js';
import type { PlannedMigration } from './steps.js';

export function gateStatements(planned: readonly PlannedMigration[], vouched: ReadonlySet<string> = new Set()): GateStatement[] {
  return planned.flatMap((p) =>
    p.statements.map((s) => {
      // SET NOT NULL on a dual-written column breaks no deployed colour: the ledger vouches that all write it.
      const enforced = new Set(s.touches.filter((t) => (t.how === 'enforce' || t.how === 'restrict') && vouched.has(t.column)).map((t) => t.column));
      const breaks = (s.classification?.breaks ?? []).filter((b) => !enforced.has(b));
      const vouchedOnly = enforced.size > 0 && breaks.length === 0;
      return {
        migration: p.migration.name,
        direction: p.direction,
        file: s.file,
        line: s.line,
        sql: s.sql,
        effect: vouchedOnly ? 'additive' : (s.classification?.effect ?? 'unknown'),
        breaks,
        objects: s.classification?.objects ?? [],
        unknownReviewed: p.fileIgnores.includes('unknown-statement') || s.statement.ignores.some((i) => i.rules.includes('unknown-statement') && Boolean(i.reason)),
      };
    }),
  );
}

export function ledgerStatements(planned: readonly PlannedMigration[]): LedgerStatement[] {
  return planned.flatMap((p) => p.statements.filter((s) => s.touches.length > 0).map((s) => ({ migration: p.migration.name, direction: p.direction, file: s.file, line: s.line, touches: s.touches })));
}

export async function evaluateGate(ctx: MigratorContext, session: Session, planned: readonly PlannedMigration[]): Promise<GateReport> {
  const { config } = ctx;
  const schema = config.internalSchema;
  // One layout check, then the three reads (each would otherwise check again).
  const exists = (await readLayoutVersion(session, schema)) !== undefined;
  const colours = await readColours(session, schema, config.colours, exists);
  const deprecations = exists ? await readDeprecations(session, schema, true) : [];
  const rollouts = exists ? await readRollouts(session, schema, true) : [];
  const ledger = checkRollouts(ledgerStatements(planned), rollouts, colours, deprecations, new Date());
  const gate = checkGate(gateStatements(planned, ledger.vouched), colours, { requireColours: config.requireColours, deprecations });
  const decisions = gate.decisions.map((d) => {
    const extra = ledger.blockers.filter((b) => b.migration === d.migration && b.direction === d.direction);
    return { ...d, blockers: [...d.blockers, ...extra], blocked: d.blocked || extra.length > 0 };
  });
  return { blocked: decisions.some((d) => d.blocked), decisions, warnings: [...gate.warnings, ...ledger.warnings] };
}
