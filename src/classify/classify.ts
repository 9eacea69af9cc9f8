// The classifier's entry point: looks the statement's kind up in the one table of kinds, runs its
// handler, then applies the rules that hold for every kind (see finalize).
import { createContext, isCreatedHere, type ClassifyContext, type FullContext } from './context.js';
import { STATEMENT_KINDS } from './kinds.js';
import { adoptContext, learnInto, mutableContext, revert, teaches, undoingContext, type Draft } from './learn.js';
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
  // A private draft, made when the first statement teaches something and then learnt into in
  // place (see learnInto), copying each collection only when it changes it (see Draft): the
  // caller's context is not changed, and a section that teaches nothing (most down sections,
  // data migrations) copies nothing — copying a long history's facts for every section cost more
  // than classifying it (B4).
  const full = createContext(context);
  const { classifications, draft } = classifyWith(statements, full, mutableContext);
  return { classifications, context: draft ?? full };
}

/**
 * Like `classifyInOrder`, but learns into `context`'s own collections, which must be real Sets and
 * Maps the caller hands over: the lint engine does not need a migration's starting facts once it
 * has classified the migration's up, so that up need not copy them (B4).
 */
export function classifyInOrderInPlace(statements: readonly StatementInput[], context: FullContext): { classifications: Classification[]; context: FullContext } {
  const { classifications, draft } = classifyWith(statements, context, adoptContext);
  return { classifications, context: draft ?? context };
}

/**
 * Like `classifyInOrder` for a caller that needs only the classifications: learns into `context`'s
 * own collections (real Sets and Maps) and reverts that at the end, so nothing is copied. The lint
 * engine classifies each down this way: the next migration starts from the facts of its up (B4).
 */
export function classifyInOrderReverting(statements: readonly StatementInput[], context: FullContext): Classification[] {
  const { classifications, draft } = classifyWith(statements, context, undoingContext);
  if (draft) revert(draft);
  return classifications;
}

function classifyWith(statements: readonly StatementInput[], context: FullContext, draftOf: (context: FullContext) => Draft) {
  let current = context;
  let draft: Draft | undefined;
  const classifications = statements.map((statement) => {
    const classification = finalize(statement, run(statement, current), current);
    if (teaches(statement, classification)) {
      current = draft ??= draftOf(current);
      learnInto(draft, statement, classification);
    }
    return classification;
  });
  return { classifications, draft };
}

function run(statement: StatementInput, context: FullContext): Outcome {
  const entry = STATEMENT_KINDS[statement.kind];
  const { names, nested, isNew, hasDefault } = helpersFor(context);
  const ctx: HandlerContext = { names, context, sql: statement.sql, nested, isNew, hasDefault };
  try {
    return entry ? entry.handler(statement.node ?? {}, ctx) : unknownKind(statement, ctx);
  } catch (error) {
    // An AST shape the handler did not expect must not stop lint or plan: report it as unknown.
    return { effect: 'unknown', notes: [`classifier error on ${statement.kind}: ${(error as Error).message}`] };
  }
}

type Helpers = Pick<HandlerContext, 'names' | 'nested' | 'isNew' | 'hasDefault'> & { defaultSchema: string };

const helpersByContext = new WeakMap<FullContext, Helpers>();

/**
 * The context-bound helpers of a HandlerContext. They read `context` when called, so they can
 * serve every statement classified with the same context (a section's draft changes in place):
 * made once instead of for each statement. The namer keeps the schema it was made with.
 */
function helpersFor(context: FullContext): Helpers {
  const known = helpersByContext.get(context);
  if (known?.defaultSchema === context.defaultSchema) return known;
  const helpers: Helpers = {
    defaultSchema: context.defaultSchema,
    names: createNames(context.defaultSchema, (name) => context.temporaryTables.has(`pg_temp.${name}`)),
    nested: (statements, override) => classifyInOrder(statements, { ...context, ...override }).classifications,
    isNew: (name) => isCreatedHere(context, name),
    hasDefault: (column) => context.columns.get(column)?.hasDefault,
  };
  helpersByContext.set(context, helpers);
  return helpers;
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
  let breaks = unique(outcome.breaks ?? NOTHING);
  let notes = outcome.notes ?? NOTHING;
  if (effect === 'destructive' && breaks.length > 0 && breaks.every((name) => isCreatedHere(context, name))) {
    effect = 'additive';
    notes = [...notes, `only affects ${breaks.join(', ')}, created earlier in this migration: no deployed colour uses it yet`];
    breaks = [];
  }
  if (effect !== 'destructive' && effect !== 'unknown') breaks = [];
  const { lock, locks } = summarizeLocks(outcome.locks ?? NOTHING);
  const objects = uniqueObjects(outcome.objects ?? NOTHING);
  const rewrite = outcome.rewrite === true;
  const scan = outcome.scan === true || rewrite;
  const { kind, transactional } = statement;
  // Two literals rather than a conditional spread of `locks`: this runs for every statement (B4).
  return locks
    ? { kind, effect, objects, lock, locks, rewrite, scan, transactional, breaks, notes: unique(notes) }
    : { kind, effect, objects, lock, rewrite, scan, transactional, breaks, notes: unique(notes) };
}

const NOTHING: readonly never[] = Object.freeze([]);

// Both run for every statement, which mostly has one object, break or note: no set needed then.
function unique<T>(items: readonly T[]): T[] {
  return items.length < 2 ? [...items] : [...new Set(items)];
}

function uniqueObjects(objects: readonly ObjectRef[]): ObjectRef[] {
  if (objects.length < 2) return [...objects];
  const seen = new Map<string, ObjectRef>();
  for (const o of objects) seen.set(`${o.type}\0${o.name}\0${o.action}\0${o.newName ?? ''}`, o);
  return [...seen.values()];
}
