// The gate (spec §5.3): a pure function from planned statements + colours to decisions.
// A destructive or unknown statement is blocked while a live or idle colour references
// anything it breaks. Used by plan, up and down, and re-checked under the migration lock.
import { referencesOf, uses } from './references.js';
import { makeBlocker } from './blocker.js';
import type { Blocker, Colour, Deprecation, GateDecision, GateReport, GateStatement, References } from './types.js';

export interface GateOptions {
  /** Block destructive steps when no colour is registered at all (config requireColours). */
  requireColours?: boolean;
  deprecations?: readonly Deprecation[];
}

/**
 * Decides, for each migration, whether its destructive statements may run now.
 * @example
 *   const report = checkGate(statements, await readColours(session, 'safe_migrate'));
 *   if (report.blocked) for (const d of report.decisions) for (const b of d.blockers) console.log(b.message);
 */
export function checkGate(statements: readonly GateStatement[], colours: readonly Colour[], options: GateOptions = {}): GateReport {
  const active = colours
    .map((colour) => ({ colour, refs: referencesOf(colour, options.deprecations ?? []) }))
    .filter((c): c is { colour: Colour; refs: References } => c.colour.state !== 'empty' && c.refs !== undefined);
  const registered = colours.some((c) => c.state !== 'empty' || c.release !== null);
  const warnings: string[] = [];
  const byMigration = new Map<string, GateDecision>();
  for (const statement of statements) {
    const key = `${statement.direction}:${statement.migration}`;
    const decision = byMigration.get(key) ?? { migration: statement.migration, direction: statement.direction, blocked: false, blockers: [] };
    byMigration.set(key, decision);
    if (statement.effect !== 'destructive' && statement.effect !== 'unknown') continue;
    if (!registered) {
      if (options.requireColours) decision.blockers.push(noColourBlocker(statement));
      else warnings.push(`${where(statement)} ${describeChange(statement, statement.breaks[0])} runs without a colour check: no colour is registered (safe-migrate colour deploy …)`);
      continue;
    }
    decision.blockers.push(...blockersFor(statement, active));
  }
  const decisions = [...byMigration.values()].map((d) => ({ ...d, blocked: d.blockers.length > 0 }));
  return { blocked: decisions.some((d) => d.blocked), decisions, warnings };
}

function blockersFor(statement: GateStatement, active: Array<{ colour: Colour; refs: References }>): Blocker[] {
  const blockers: Blocker[] = [];
  if (statement.effect === 'unknown' && statement.breaks.length === 0 && !statement.unknownReviewed) {
    // Nobody can tell what it changes: any colour may depend on it.
    for (const { colour } of active) blockers.push(blocker(statement, colour, '(unknown objects)', 'unknown'));
    return blockers;
  }
  for (const object of statement.breaks) {
    // One name can be several objects (a constraint named like the column it constrains, in
    // `DROP CONSTRAINT email, DROP COLUMN email`): the change is blocked if a colour uses any of them.
    const types = typesNamed(statement, object);
    for (const { colour, refs } of active) {
      const type = types.find((t) => uses(refs, object, t));
      if (type !== undefined || (types.length === 0 && uses(refs, object, undefined))) blockers.push(blocker(statement, colour, object, type));
    }
  }
  return blockers;
}

function typesNamed(statement: GateStatement, name: string): string[] {
  return [...new Set(statement.objects.filter((o) => o.name === name).map((o) => o.type))];
}

function blocker(statement: GateStatement, colour: Colour, object: string, type: string | undefined): Blocker {
  const change = describeChange(statement, object === '(unknown objects)' ? undefined : object, type);
  const who = `${colour.name} (${colour.state}, release ${colour.release ?? 'unknown'}${colour.deployedAt ? `, deployed ${colour.deployedAt.toISOString().slice(0, 10)}` : ''})`;
  const usesIt = type === 'unknown' ? `cannot be checked: safe-migrate cannot tell what it changes, and ${who} is deployed` : `${who} uses it`;
  const wayOut =
    type === 'unknown'
      ? 'Review it and add "-- safe-migrate-ignore unknown-statement -- <reason>", or run with --override-gate "<reason>".'
      : colour.state === 'live'
        ? `Deploy a release that no longer uses ${object} to the idle colour and switch to it, then redeploy or retire ${colour.name}.`
        : `Deploy a release that no longer uses ${object} to ${colour.name}, or retire ${colour.name}.`;
  const message = `${where(statement)} ${change}${statement.direction === 'down' ? ` (rolling back ${statement.migration})` : ''} is blocked: ${usesIt}. ${wayOut}`;
  return makeBlocker(statement, change, object, colour, message);
}

function noColourBlocker(statement: GateStatement): Blocker {
  const change = describeChange(statement, statement.breaks[0]);
  const message = `${where(statement)} ${change} is blocked: requireColours is set and no colour is registered. Register the running releases with safe-migrate colour deploy <colour> --release <id>.`;
  return makeBlocker(statement, change, statement.breaks[0] ?? '(unknown objects)', undefined, message);
}

function where(statement: GateStatement): string {
  return `${statement.file}:${statement.line}`;
}

const VERBS: Record<string, string> = { drop: 'DROP', rename: 'RENAME', alter: 'ALTER', create: 'ADD', write: 'WRITE', read: 'READ' };

/** `DROP COLUMN public.deployments.name`, from the classifier's object list (of `type`, when a name is several objects). */
export function describeChange(statement: GateStatement, object: string | undefined, type?: string): string {
  const named = (o: GateStatement['objects'][number]) => o.name === object && o.action !== 'read';
  const ref =
    statement.objects.find((o) => named(o) && (type === undefined || o.type === type)) ??
    statement.objects.find(named) ??
    statement.objects.find((o) => o.action === 'drop' || o.action === 'rename' || o.action === 'alter');
  if (ref) return `${VERBS[ref.action] ?? ref.action.toUpperCase()} ${ref.type.toUpperCase().replace(/-/g, ' ')} ${ref.name}`;
  return statement.sql.replace(/\s+/g, ' ').split(' ').slice(0, 4).join(' ');
}
