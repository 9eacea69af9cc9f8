// What the classifier knows beyond the statement itself (spec §8 "cross-statement context"):
// objects created earlier in the same migration (no deployed colour can use them yet, so
// changing them breaks nothing) and facts about columns and indexes declared by earlier
// statements or earlier files (a column's type for safe casts, NOT NULL for DROP DEFAULT,
// whether an index is unique for DROP INDEX).
import { parentOf } from './names.js';
import type { TypeFacts } from './type-change.js';

export interface ColumnFacts {
  type?: TypeFacts;
  notNull: boolean;
  /** Has a DEFAULT (or serial, identity, generated): INSERTs that omit it get a value. */
  hasDefault?: boolean;
}

export interface IndexFacts {
  /** The table the index is on, schema-qualified. */
  table: string;
  unique: boolean;
  /** Indexed column names, when the index is on plain columns. */
  columns?: string[];
}

/** Input to `classify`; every field is optional. */
export interface ClassifyContext {
  /** Schema for unqualified names; `public` when absent. */
  readonly defaultSchema?: string;
  /** Tables and materialized views created earlier in the same migration (schema-qualified). */
  readonly createdTables?: ReadonlySet<string>;
  /** Every other object created earlier in the same migration: columns, views, types, functions, indexes… */
  readonly createdObjects?: ReadonlySet<string>;
  /** Temporary tables created earlier (`pg_temp.name`): unqualified references resolve to them. */
  readonly temporaryTables?: ReadonlySet<string>;
  /** Facts about columns (`schema.table.column`) from earlier statements, this migration or before. */
  readonly columns?: ReadonlyMap<string, ColumnFacts>;
  /** Facts about indexes and index-backed constraints (`schema.index`) from earlier statements. */
  readonly indexes?: ReadonlyMap<string, IndexFacts>;
}

/** A context with every field present. */
export type FullContext = { readonly [K in keyof ClassifyContext]-?: NonNullable<ClassifyContext[K]> };

/** A context with every field present (defaults: `public`, nothing known). */
export function createContext(context: ClassifyContext = {}): FullContext {
  return {
    defaultSchema: context.defaultSchema ?? 'public',
    createdTables: context.createdTables ?? new Set(),
    createdObjects: context.createdObjects ?? new Set(),
    temporaryTables: context.temporaryTables ?? new Set(),
    columns: context.columns ?? new Map(),
    indexes: context.indexes ?? new Map(),
  };
}

/**
 * The context for the next migration: facts carry over, "created in this migration" does not
 * (the previous migration's objects may be deployed by the time this one runs).
 */
export function nextMigrationContext(context: ClassifyContext): FullContext {
  return {
    defaultSchema: context.defaultSchema ?? 'public',
    createdTables: new Set(),
    createdObjects: new Set(),
    temporaryTables: context.temporaryTables ?? new Set(),
    columns: context.columns ?? new Map(),
    indexes: context.indexes ?? new Map(),
  };
}

/** Whether `name` (or the table it belongs to) was created earlier in this migration. */
export function isCreatedHere(context: FullContext, name: string): boolean {
  if (context.createdTables.has(name) || context.createdObjects.has(name)) return true;
  // An index (or index-backed constraint) on a table created here.
  const index = context.indexes.get(name);
  if (index && context.createdTables.has(index.table)) return true;
  const parent = parentOf(name);
  return parent.includes('.') && (context.createdTables.has(parent) || context.createdObjects.has(parent));
}
