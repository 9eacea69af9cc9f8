// The lint engine's classification entry points that avoid copying the classifier's facts:
// classifyInOrderInPlace (an up learns into the facts it starts from) and classifyInOrderReverting
// (a down learns into its up's facts and puts them back). Both must classify exactly like
// classifyInOrder, which copies what it changes and leaves its input alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSql } from '../sql/index.js';
import { classifyInOrderInPlace, classifyInOrderReverting } from './classify.js';
import { classifyInOrder, createContext, nextMigrationContext, type FullContext } from './index.js';

beforeAll(loadParser);

function statements(sql: string) {
  const parsed = parseSql(sql);
  if (parsed.error) throw new Error(parsed.error.message);
  return parsed.statements;
}

const HISTORY = [
  'CREATE TABLE t (id int PRIMARY KEY, a varchar(10) NOT NULL, b text DEFAULT 1); CREATE UNIQUE INDEX t_b ON t (b); CREATE TEMP TABLE tmp (x int)',
  'CREATE TABLE u (id int, t_id int REFERENCES t); ALTER TABLE u ADD CONSTRAINT u_t UNIQUE (t_id)',
];
// Drops, renames, moved facts and a schema switch: every kind of change the classifier learns.
const DOWN =
  'DROP TABLE u; ALTER TABLE t RENAME TO t2; ALTER TABLE t2 RENAME COLUMN a TO a2; DROP INDEX t_b; ALTER TABLE t2 ALTER COLUMN a2 DROP NOT NULL; ' +
  'DROP TABLE tmp; CREATE INDEX t_new ON t2 (b); SET search_path TO other; ALTER TABLE t2 DROP COLUMN b';

/** The facts after the history, built fresh each time (the functions under test change them in place). */
function facts(): FullContext {
  let context = createContext();
  for (const sql of HISTORY) context = nextMigrationContext(classifyInOrder(statements(sql), context).context);
  return context;
}

/** Plain copies of the collections, order-insensitive: reverting may re-insert keys at the end. */
function snapshot(context: FullContext) {
  const sorted = <T>(entries: Iterable<T>) => [...entries].map((e) => JSON.stringify(e)).sort();
  return {
    defaultSchema: context.defaultSchema,
    createdTables: sorted(context.createdTables),
    createdObjects: sorted(context.createdObjects),
    temporaryTables: sorted(context.temporaryTables),
    columns: sorted(context.columns),
    indexes: sorted(context.indexes),
  };
}

describe('classifying without copying the facts', () => {
  it('reverting: classifies like classifyInOrder and leaves the facts as they were', () => {
    const expected = classifyInOrder(statements(DOWN), facts()).classifications;
    const start = facts();
    const before = snapshot(start);
    expect(classifyInOrderReverting(statements(DOWN), start)).toEqual(expected);
    expect(snapshot(start)).toEqual(before);
  });

  it('in place: classifies like classifyInOrder and ends with the same facts, learnt into the ones it was given', () => {
    const copied = classifyInOrder(statements(DOWN), facts());
    const start = facts();
    const columns = start.columns;
    const inPlace = classifyInOrderInPlace(statements(DOWN), start);
    expect(inPlace.classifications).toEqual(copied.classifications);
    expect(snapshot(inPlace.context)).toEqual(snapshot(copied.context));
    expect(inPlace.context.columns).toBe(columns);
  });

  it('classifyInOrder copies only what it changes and never changes its input', () => {
    const start = facts();
    const before = snapshot(start);
    const after = classifyInOrder(statements('DROP VIEW v; ALTER TABLE t ADD COLUMN c int'), start).context;
    expect(snapshot(start)).toEqual(before);
    expect(after.columns).not.toBe(start.columns);
    // Nothing about indexes changed, so they are still shared.
    expect(after.indexes).toBe(start.indexes);
  });
});
