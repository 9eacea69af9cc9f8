// What a handler returns: the parts of a Classification it knows. `classify` adds the rest
// (kind, transactional), merges locks per table and applies the cross-statement rules.
import type { AstNode } from '../sql/index.js';
import type { FullContext } from './context.js';
import { mostSevere } from './effects.js';
import type { TableLock } from './locks.js';
import type { Names } from './names.js';
import type { Classification, Effect, ObjectRef } from './types.js';

export interface Outcome {
  effect: Effect;
  objects?: ObjectRef[];
  locks?: TableLock[];
  rewrite?: boolean;
  scan?: boolean;
  breaks?: string[];
  notes?: string[];
}

/** A statement as the classifier needs it (a `SqlStatement` from src/sql fits). */
export interface StatementInput {
  kind: string;
  node: AstNode;
  sql: string;
  transactional: boolean;
}

export interface HandlerContext {
  names: Names;
  context: FullContext;
  /** The statement's SQL text (a DO block's body is read from it). */
  sql: string;
  /**
   * Classifies statements nested in this one, in order, each seeing what the earlier ones
   * created (DO blocks, EXPLAIN ANALYZE, CREATE SCHEMA … CREATE TABLE).
   */
  nested(statements: StatementInput[], override?: { defaultSchema?: string }): Classification[];
  /** Created earlier in this migration: no deployed colour can reference it. */
  isNew(name: string): boolean;
  /** Whether a column (`schema.table.column`) has a default; undefined when unknown offline. */
  hasDefault(column: string): boolean | undefined;
}

export type Handler = (node: AstNode, ctx: HandlerContext) => Outcome;

/** Merges several outcomes (ALTER TABLE subcommands, a DO block's statements): the most severe effect wins. */
export function combine(outcomes: readonly Outcome[]): Outcome {
  return {
    effect: mostSevere(outcomes.map((o) => o.effect)),
    objects: outcomes.flatMap((o) => o.objects ?? []),
    locks: outcomes.flatMap((o) => o.locks ?? []),
    rewrite: outcomes.some((o) => o.rewrite),
    scan: outcomes.some((o) => o.scan),
    breaks: outcomes.flatMap((o) => o.breaks ?? []),
    notes: outcomes.flatMap((o) => o.notes ?? []),
  };
}

/** Converts a finished classification back into an outcome, to merge nested statements. */
export function toOutcome(classification: Classification): Outcome {
  const locks = (classification.locks ?? [classification.lock]).flatMap(({ level, tables }) => tables.map((table) => ({ table, level })));
  return { ...classification, locks };
}
