// What a statement teaches the classifier about the statements after it: objects created in this
// migration (so later changes to them break nothing), column types and NOT NULL (for safe casts
// and DROP DEFAULT), unique indexes (for DROP INDEX) and the schema `SET search_path` selects.
// Statements inside DO blocks contribute what they create, not column facts.
import type { AstNode } from '../sql/index.js';
import { columnDefs, readColumnDef, tableConstraints } from './columns.js';
import { constraintColumns, constraintName, isUniqueIndexConstraint } from './constraints.js';
import type { ColumnFacts, FullContext, IndexFacts } from './context.js';
import { indexName } from './indexes.js';
import { createNames, member, schemaOf, type Names } from './names.js';
import type { StatementInput } from './outcome.js';
import { typeFacts } from './type-change.js';
import type { Classification } from './types.js';

/**
 * A context being learnt into. Its collections may still be the ones of the context it was made
 * from: each is copied the first time it is changed (see `writable`), so a section copies only
 * what it changes — a down that drops a view does not copy every column fact of the history (B4).
 * Or, with `undo`, changes go into those collections themselves and are logged to be reverted.
 */
export interface Draft {
  defaultSchema: string;
  createdTables: ReadonlySet<string>;
  createdObjects: ReadonlySet<string>;
  temporaryTables: ReadonlySet<string>;
  columns: ReadonlyMap<string, ColumnFacts>;
  indexes: ReadonlyMap<string, IndexFacts>;
  /** The collections this draft has copied, and so may change. */
  owned: Set<Collection>;
  /** Reverts every change, last first (see `undoingContext`). */
  undo?: Array<() => void>;
}

type Collection = 'createdTables' | 'createdObjects' | 'temporaryTables' | 'columns' | 'indexes';
type SetCollection = 'createdTables' | 'createdObjects' | 'temporaryTables';
type MapCollection = 'columns' | 'indexes';
type Writable<T> = T extends ReadonlyMap<infer K, infer V> ? Map<K, V> : T extends ReadonlySet<infer E> ? Set<E> : never;

const FACT_KINDS = new Set(['CreateStmt', 'AlterTableStmt', 'IndexStmt', 'VariableSetStmt']);

/** The context after `statement` (classified as `classification`) has run. Pure: `context` is not changed. */
export function learn(context: FullContext, statement: StatementInput, classification: Classification): FullContext {
  if (!teaches(statement, classification)) return context;
  const draft = mutableContext(context);
  learnInto(draft, statement, classification);
  return draft;
}

/** A private, mutable view of a context, for `learnInto`; `context` is not changed. */
export function mutableContext(context: FullContext): Draft {
  return {
    defaultSchema: context.defaultSchema,
    createdTables: context.createdTables,
    createdObjects: context.createdObjects,
    temporaryTables: context.temporaryTables,
    columns: context.columns,
    indexes: context.indexes,
    owned: new Set(),
  };
}

/**
 * A draft that learns into `context`'s own collections: for a caller that hands the context over
 * (the lint engine no longer needs a migration's starting facts once its up is classified). The
 * collections must be real Sets and Maps.
 */
export function adoptContext(context: FullContext): Draft {
  return { ...mutableContext(context), owned: new Set(['createdTables', 'createdObjects', 'temporaryTables', 'columns', 'indexes']) };
}

/**
 * A draft that learns into `context`'s own collections and logs how to revert each change: for a
 * caller that needs only the classifications and then `context` as it was (the lint engine, for a
 * down: the next migration starts from its up's facts). Reverting may change the collections'
 * iteration order, which nothing depends on. The collections must be real Sets and Maps.
 */
export function undoingContext(context: FullContext): Draft {
  return { ...adoptContext(context), undo: [] };
}

/** Reverts what an `undoingContext` draft learnt. */
export function revert(draft: Draft): void {
  const undo = draft.undo ?? [];
  for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
  undo.length = 0;
}

/** The draft's own copy of a collection, made on first change. */
function writable<C extends Collection>(draft: Draft, collection: C): Writable<Draft[C]> {
  if (!draft.owned.has(collection)) {
    const shared = draft[collection];
    (draft as Record<Collection, unknown>)[collection] = shared instanceof Map ? new Map(shared) : new Set(shared as ReadonlySet<string>);
    draft.owned.add(collection);
  }
  return draft[collection] as Writable<Draft[C]>;
}

// Every change goes through add, put and remove, which copy the collection when needed (writable)
// or log how to revert the change (undo).

function add(draft: Draft, collection: SetCollection, name: string): void {
  const set = writable(draft, collection);
  if (draft.undo && !set.has(name)) draft.undo.push(() => set.delete(name));
  set.add(name);
}

function put<C extends MapCollection>(draft: Draft, collection: C, key: string, value: Draft[C] extends ReadonlyMap<string, infer V> ? V : never): void {
  const map = writable(draft, collection) as Map<string, unknown>;
  if (draft.undo) {
    const old = map.get(key);
    draft.undo.push(map.has(key) ? () => map.set(key, old) : () => map.delete(key));
  }
  map.set(key, value);
}

/** Deletes `key`; copies or logs only when the collection holds it. */
function remove(draft: Draft, collection: Collection, key: string): boolean {
  if (!draft[collection].has(key)) return false;
  const target = writable(draft, collection) as Map<string, unknown> | Set<string>;
  if (draft.undo) {
    const old = target instanceof Map ? target.get(key) : undefined;
    draft.undo.push(target instanceof Map ? () => target.set(key, old) : () => target.add(key));
  }
  return target.delete(key);
}

/**
 * Like `learn`, but updates `draft` in place. `classifyInOrder` makes one draft per section and
 * learns into it, instead of copying five collections after every statement (which made a long
 * migration history quadratic); the draft copies a collection only when it changes it.
 */
export function learnInto(draft: Draft, statement: StatementInput, classification: Classification): void {
  if (!teaches(statement, classification)) return;
  const names = namesOf(draft);
  learnObjects(draft, classification, statement.node?.replace === true);
  learnFacts(draft, statement, names);
}

/** The draft's namer, made once per draft and schema (most statements teach something). */
function namesOf(draft: Draft): Names {
  let names = namers.get(draft);
  if (names?.defaultSchema !== draft.defaultSchema) namers.set(draft, (names = createNames(draft.defaultSchema, (name) => draft.temporaryTables.has(`pg_temp.${name}`))));
  return names;
}

const namers = new WeakMap<Draft, Names>();

/** Most statements (data, reads, functions…) teach nothing. */
export function teaches(statement: StatementInput, classification: Classification): boolean {
  return classification.objects.some((o) => o.action === 'create' || o.action === 'drop' || o.action === 'rename') || FACT_KINDS.has(statement.kind);
}

function learnObjects(draft: Draft, classification: Classification, replaces: boolean): void {
  for (const object of classification.objects) {
    if (object.action === 'create' && !replaces) {
      if (object.type === 'table' || object.type === 'materialized-view') add(draft, 'createdTables', object.name);
      else add(draft, 'createdObjects', object.name);
      if (object.type === 'table' && object.name.startsWith('pg_temp.')) add(draft, 'temporaryTables', object.name);
    } else if (object.action === 'drop') {
      remove(draft, 'createdTables', object.name);
      remove(draft, 'createdObjects', object.name);
      remove(draft, 'temporaryTables', object.name);
      if (object.type === 'table') forgetTable(draft, object.name);
      if (object.type === 'index') remove(draft, 'indexes', object.name);
      if (object.type === 'column') remove(draft, 'columns', object.name);
    } else if (object.action === 'rename' && object.newName) {
      for (const set of ['createdTables', 'createdObjects'] as const) {
        if (remove(draft, set, object.name)) add(draft, set, object.newName);
      }
      moveFacts(draft, object.type, object.name, object.newName);
    }
  }
}

function forgetTable(draft: Draft, table: string): void {
  const prefix = `${table}.`;
  for (const key of keysWhere(draft.columns, (key) => key.startsWith(prefix))) remove(draft, 'columns', key);
  for (const key of keysWhere(draft.indexes, (_, index) => index.table === table)) remove(draft, 'indexes', key);
}

/** The keys of the entries that match, collected first so the map can then be changed (and copied only if any match). */
function keysWhere<V>(map: ReadonlyMap<string, V>, match: (key: string, value: V) => boolean): string[] {
  const keys: string[] = [];
  // forEach: for…of would allocate an entry pair per entry, and every dropped table scans them all.
  map.forEach((value, key) => {
    if (match(key, value)) keys.push(key);
  });
  return keys;
}

function moveFacts(draft: Draft, type: string, from: string, to: string): void {
  if (type === 'column') moveKey(draft, 'columns', from, to);
  if (type === 'index') moveKey(draft, 'indexes', from, to);
  if (type !== 'table') return;
  const prefix = `${from}.`;
  const moved = keysWhere(draft.columns, (key) => key.startsWith(prefix)).map((key) => [key, draft.columns.get(key)!] as const);
  for (const [key, facts] of moved) {
    remove(draft, 'columns', key);
    put(draft, 'columns', `${to}${key.slice(from.length)}`, facts);
  }
  for (const key of keysWhere(draft.indexes, (_, index) => index.table === from)) put(draft, 'indexes', key, { ...draft.indexes.get(key)!, table: to });
}

function moveKey(draft: Draft, collection: MapCollection, from: string, to: string): void {
  const value = draft[collection].get(from);
  if (value === undefined) return;
  remove(draft, collection, from);
  put(draft, collection, to, value as never);
}

function learnFacts(draft: Draft, statement: StatementInput, names: Names): void {
  const node = statement.node ?? {};
  switch (statement.kind) {
    case 'CreateStmt':
      return learnCreateTable(draft, node, names);
    case 'AlterTableStmt':
      if (node.objtype === 'OBJECT_TABLE' || node.objtype === 'OBJECT_FOREIGN_TABLE') learnAlterTable(draft, node, names);
      return;
    case 'IndexStmt': {
      const table = names.relation(node.relation);
      const columns = ((node.indexParams ?? []) as AstNode[]).map((p) => p.IndexElem?.name).filter((n): n is string => typeof n === 'string');
      put(draft, 'indexes', indexName(node, table), { table, unique: node.unique === true, columns });
      return;
    }
    case 'VariableSetStmt': {
      // SET LOCAL lasts until the migration's transaction ends: the rest of the section.
      if (node.name !== 'search_path') return;
      const first = ((node.args ?? []) as AstNode[]).map((a) => a.A_Const?.sval?.sval ?? a.String?.sval).find((s) => s && s !== '$user');
      if (first) draft.defaultSchema = first;
      else if (node.kind === 'VAR_SET_DEFAULT' || node.kind === 'VAR_RESET') draft.defaultSchema = 'public';
      return;
    }
  }
}

function setColumn(draft: Draft, column: string, change: Partial<ColumnFacts>): void {
  put(draft, 'columns', column, { notNull: false, ...draft.columns.get(column), ...change });
}

function learnConstraint(draft: Draft, table: string, con: AstNode, column?: string): void {
  const columns = constraintColumns(con, column);
  if (con.contype === 'CONSTR_PRIMARY' || con.contype === 'CONSTR_NOTNULL') for (const c of columns) setColumn(draft, member(table, c), { notNull: true });
  if (!isUniqueIndexConstraint(con)) return;
  const schema = schemaOf(table);
  if (con.indexname) {
    // USING INDEX: the index is renamed to the constraint's name (when it has one).
    const existing = draft.indexes.get(`${schema}.${con.indexname}`);
    remove(draft, 'indexes', `${schema}.${con.indexname}`);
    const index: IndexFacts = { table, unique: true, columns: existing?.columns ?? [] };
    put(draft, 'indexes', `${schema}.${con.conname ?? con.indexname}`, index);
    if (con.contype === 'CONSTR_PRIMARY') for (const c of index.columns ?? []) setColumn(draft, member(table, c), { notNull: true });
    return;
  }
  put(draft, 'indexes', `${schema}.${constraintName(table, con, columns)}`, { table, unique: true, columns });
}

function learnCreateTable(draft: Draft, node: AstNode, names: Names): void {
  const table = names.relation(node.relation);
  for (const def of columnDefs(node.tableElts)) {
    const column = readColumnDef(def);
    setColumn(draft, member(table, column.name), { type: column.type, notNull: column.notNull, hasDefault: column.hasDefault });
    for (const con of column.constraints) learnConstraint(draft, table, con, column.name);
  }
  for (const con of tableConstraints(node.tableElts)) learnConstraint(draft, table, con);
}

function learnAlterTable(draft: Draft, node: AstNode, names: Names): void {
  const table = names.relation(node.relation);
  for (const cmd of ((node.cmds ?? []) as AstNode[]).map((c) => c.AlterTableCmd ?? {})) {
    const column = cmd.name ? member(table, cmd.name) : undefined;
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        const def = readColumnDef(cmd.def?.ColumnDef ?? {});
        setColumn(draft, member(table, def.name), { type: def.type, notNull: def.notNull, hasDefault: def.hasDefault });
        for (const con of def.constraints) learnConstraint(draft, table, con, def.name);
        break;
      }
      case 'AT_AlterColumnType':
        if (column) setColumn(draft, column, { type: typeFacts(cmd.def?.ColumnDef?.typeName) });
        break;
      case 'AT_SetNotNull':
      case 'AT_AddIdentity':
        if (column) setColumn(draft, column, { notNull: true });
        break;
      case 'AT_ColumnDefault':
        if (column) setColumn(draft, column, { hasDefault: Boolean(cmd.def) });
        break;
      case 'AT_DropNotNull':
        if (column) setColumn(draft, column, { notNull: false });
        break;
      case 'AT_AddConstraint':
        learnConstraint(draft, table, cmd.def?.Constraint ?? {});
        break;
    }
  }
}
