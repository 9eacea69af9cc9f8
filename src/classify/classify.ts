// The classifier's entry point: looks the statement's kind up in the one table of kinds, runs its
// handler, then applies the rules that hold for every kind (see finalize).
import { createContext, isCreatedHere, type ClassifyContext, type FullContext } from './context.js';
import { STATEMENT_KINDS } from './kinds.js';
import { learnInto, mutableContext } from './learn.js';
import { summarizeLocks } from './locks.js';
import { createNames } from './names.js';
import { relationsIn } from './expressions.js';
import type { HandlerContext, Outcome, StatementInput } from './outcome.js';
import type { Classification, ObjectRef } from './types.js';

/**
 * Classifies one statement (spec §4): its effect, the objects it touches, the lock it takes,
 * whether it rewrites or scans a table, and what it may break for the colour gate. Pure and
 * deterministic; `context` says what earlier statements created (see `classifySection`).
 *
 * @example
 * await loadParser();
 * const [statement] = parseSql('ALTER TABLE users DROP COLUMN email').statements;
 * classify(statement!).breaks // ['public.users.email']
 */
export function classify(statement: StatementInput, context: ClassifyContext = {}): Classification {
  const full = createContext(context);
  return finalize(statement, run(statement, full), full);
}

/**
 * Classifies a section's statements in order, each seeing what the earlier ones created
 * (a table created earlier in the section breaks nothing when altered), starting from `context`
 * (e.g. facts learnt from earlier files; see `nextMigrationContext`).
 */
export function classifySection(statements: readonly StatementInput[], options: ClassifyContext = {}): Classification[] {
  return classifyInOrder(statements, createContext(options)).classifications;
}

/** Like `classifySection`, also returning the context after the last statement (to chain files). */
export function classifyInOrder(statements: readonly StatementInput[], context: ClassifyContext = {}): { classifications: Classification[]; context: FullContext } {
  // One private copy, learnt into in place (see learnInto): the caller's context is not changed.
  const current = mutableContext(createContext(context));
  const classifications = statements.map((statement) => {
    const classification = finalize(statement, run(statement, current), current);
    learnInto(current, statement, classification);
    return classification;
  });
  return { classifications, context: current };
}

function run(statement: StatementInput, context: FullContext): Outcome {
  const entry = STATEMENT_KINDS[statement.kind];
  const ctx: HandlerContext = {
    names: createNames(context.defaultSchema, (name) => context.temporaryTables.has(`pg_temp.${name}`)),
    context,
    sql: statement.sql,
    nested: (statements, override) => classifyInOrder(statements, { ...context, ...override }).classifications,
    isNew: (name) => isCreatedHere(context, name),
    hasDefault: (column) => context.columns.get(column)?.hasDefault,
  };
  try {
    return entry ? entry.handler(statement.node ?? {}, ctx) : unknownKind(statement, ctx);
  } catch (error) {
    // An AST shape the handler did not expect must not stop lint or plan: report it as unknown.
    return { effect: 'unknown', notes: [`classifier error on ${statement.kind}: ${(error as Error).message}`] };
  }
}

/** No rule for this kind: unknown, breaking every relation it mentions. */
function unknownKind(statement: StatementInput, ctx: HandlerContext): Outcome {
  const names = [...new Set(relationsIn(statement.node).map((r) => ctx.names.relation(r)))];
  return {
    effect: 'unknown',
    objects: names.map((name) => ({ type: 'table', name, action: 'alter' })),
    breaks: names,
    notes: [`no classification rule for ${statement.kind}`],
  };
}

/**
 * Rules for every kind: objects and breaks de-duplicated; a scan is implied by a rewrite; only
 * destructive and unknown statements break anything; and a destructive statement that only
 * breaks objects created earlier in this migration becomes additive — no deployed colour can
 * reference them (ADD COLUMN … NOT NULL on a table created two statements earlier).
 */
function finalize(statement: StatementInput, outcome: Outcome, context: FullContext): Classification {
  let effect = outcome.effect;
  let breaks = unique(outcome.breaks ?? []);
  const notes = [...(outcome.notes ?? [])];
  if (effect === 'destructive' && breaks.length > 0 && breaks.every((name) => isCreatedHere(context, name))) {
    effect = 'additive';
    notes.push(`only affects ${breaks.join(', ')}, created earlier in this migration: no deployed colour uses it yet`);
    breaks = [];
  }
  if (effect !== 'destructive' && effect !== 'unknown') breaks = [];
  const { lock, locks } = summarizeLocks(outcome.locks ?? []);
  return {
    kind: statement.kind,
    effect,
    objects: uniqueObjects(outcome.objects ?? []),
    lock,
    ...(locks ? { locks } : {}),
    rewrite: outcome.rewrite === true,
    scan: outcome.scan === true || outcome.rewrite === true,
    transactional: statement.transactional,
    breaks,
    notes: unique(notes),
  };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function uniqueObjects(objects: readonly ObjectRef[]): ObjectRef[] {
  const seen = new Map<string, ObjectRef>();
  for (const o of objects) seen.set(`${o.type}\0${o.name}\0${o.action}\0${o.newName ?? ''}`, o);
  return [...seen.values()];
}
