// Cross-statement context for rules (spec §8): which tables and columns are new, i.e. created
// earlier in the section or by an earlier file of the set being linted, so no colour uses them yet.
import type { Classification } from '../classify/types.js';
import type { LintStatement, RuleContext } from './types.js';

/** Tables and columns created by the up sections of the files linted so far. */
export class CreatedInSet {
  readonly tables = new Set<string>();
  readonly columns = new Set<string>();
  /** Other objects (views, functions, types, indexes…) as `kind:schema.name` keys (see rules/ast createdObjects). */
  readonly objects = new Set<string>();

  /** Adds the objects an up section created, as `kind:name` keys. */
  recordObjects(keys: Iterable<string>): void {
    for (const key of keys) this.objects.add(key);
  }

  /** Adds what a section created (call for up sections only: a down never runs forward). */
  record(classifications: readonly Classification[]): void {
    const created = firstCreations(classifications, this);
    for (const name of created.tables.keys()) this.tables.add(name);
    for (const name of created.columns.keys()) this.columns.add(name);
  }
}

export interface ContextInput {
  file: string;
  section: 'up' | 'down';
  statements: LintStatement[];
  hasDown: boolean;
  inTransaction: boolean;
  defaultSchema: string;
}

/** The context rules see for one section; lookups are O(1) so rules may call them per statement. */
export function buildContext(input: ContextInput, prior: CreatedInSet): RuleContext {
  const created = firstCreations(
    input.statements.map((s) => s.classification),
    prior,
  );
  const before = (firsts: Map<string, number>, earlier: Set<string>) => (name: string, index: number) =>
    earlier.has(name) || (firsts.get(name) ?? Number.POSITIVE_INFINITY) < index;
  return {
    ...input,
    tableCreatedBefore: before(created.tables, prior.tables),
    columnAddedBefore: before(created.columns, prior.columns),
    objectCreatedBefore: (key) => prior.objects.has(key),
  };
}

interface Firsts {
  tables: Map<string, number>;
  columns: Map<string, number>;
}

/**
 * For each table/column created in these statements, the index of the first statement creating it.
 * A rename of a new object makes its new name new too (CREATE TABLE a; ALTER TABLE a RENAME TO b).
 */
function firstCreations(classifications: readonly Classification[], prior: CreatedInSet): Firsts {
  const firsts: Firsts = { tables: new Map(), columns: new Map() };
  classifications.forEach((classification, index) => {
    for (const object of classification.objects) {
      const map = object.type === 'table' ? firsts.tables : object.type === 'column' ? firsts.columns : undefined;
      if (!map) continue;
      const earlier = object.type === 'table' ? prior.tables : prior.columns;
      if (object.action === 'create' && !map.has(object.name)) map.set(object.name, index);
      if (object.action === 'rename' && object.newName && !map.has(object.newName) && (earlier.has(object.name) || map.has(object.name))) {
        map.set(object.newName, index);
      }
    }
  });
  return firsts;
}
