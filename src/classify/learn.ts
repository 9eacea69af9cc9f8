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

export interface Draft {
  defaultSchema: string;
  createdTables: Set<string>;
  createdObjects: Set<string>;
  temporaryTables: Set<string>;
  columns: Map<string, ColumnFacts>;
  indexes: Map<string, IndexFacts>;
}

const FACT_KINDS = new Set(['CreateStmt', 'AlterTableStmt', 'IndexStmt', 'VariableSetStmt']);

/** The context after `statement` (classified as `classification`) has run. Pure: `context` is not changed. */
export function learn(context: FullContext, statement: StatementInput, classification: Classification): FullContext {
  if (!teaches(statement, classification)) return context;
  const draft = mutableContext(context);
  learnInto(draft, statement, classification);
  return draft;
}

/** A private, mutable copy of a context, for `learnInto`. */
export function mutableContext(context: FullContext): Draft {
  return {
    defaultSchema: context.defaultSchema,
    createdTables: new Set(context.createdTables),
    createdObjects: new Set(context.createdObjects),
    temporaryTables: new Set(context.temporaryTables),
    columns: new Map(context.columns),
    indexes: new Map(context.indexes),
  };
}

/**
 * Like `learn`, but updates `draft` in place. `classifyInOrder` copies the context once and
 * learns into it, instead of copying five collections after every statement (which made a
 * long migration history quadratic).
 */
export function learnInto(draft: Draft, statement: StatementInput, classification: Classification): void {
  if (!teaches(statement, classification)) return;
  const names = createNames(draft.defaultSchema, (name) => draft.temporaryTables.has(`pg_temp.${name}`));
  learnObjects(draft, classification, statement.node?.replace === true);
  learnFacts(draft, statement, names);
}

/** Most statements (data, reads, functions…) teach nothing. */
function teaches(statement: StatementInput, classification: Classification): boolean {
  return classification.objects.some((o) => o.action === 'create' || o.action === 'drop' || o.action === 'rename') || FACT_KINDS.has(statement.kind);
}

function learnObjects(draft: Draft, classification: Classification, replaces: boolean): void {
  for (const object of classification.objects) {
    if (object.action === 'create' && !replaces) {
      if (object.type === 'table' || object.type === 'materialized-view') draft.createdTables.add(object.name);
      else draft.createdObjects.add(object.name);
      if (object.type === 'table' && object.name.startsWith('pg_temp.')) draft.temporaryTables.add(object.name);
    } else if (object.action === 'drop') {
      draft.createdTables.delete(object.name);
      draft.createdObjects.delete(object.name);
      draft.temporaryTables.delete(object.name);
      if (object.type === 'table') forgetTable(draft, object.name);
      if (object.type === 'index') draft.indexes.delete(object.name);
      if (object.type === 'column') draft.columns.delete(object.name);
    } else if (object.action === 'rename' && object.newName) {
      for (const set of [draft.createdTables, draft.createdObjects]) {
        if (set.delete(object.name)) set.add(object.newName);
      }
      moveFacts(draft, object.type, object.name, object.newName);
    }
  }
}

function forgetTable(draft: Draft, table: string): void {
  for (const key of [...draft.columns.keys()]) if (key.startsWith(`${table}.`)) draft.columns.delete(key);
  for (const [key, index] of [...draft.indexes]) if (index.table === table) draft.indexes.delete(key);
}

function moveFacts(draft: Draft, type: string, from: string, to: string): void {
  if (type === 'column') moveKey(draft.columns, from, to);
  if (type === 'index') moveKey(draft.indexes, from, to);
  if (type !== 'table') return;
  for (const [key, facts] of [...draft.columns]) {
    if (!key.startsWith(`${from}.`)) continue;
    draft.columns.delete(key);
    draft.columns.set(`${to}${key.slice(from.length)}`, facts);
  }
  for (const [key, index] of draft.indexes) if (index.table === from) draft.indexes.set(key, { ...index, table: to });
}

function moveKey<V>(map: Map<string, V>, from: string, to: string): void {
  const value = map.get(from);
  if (value === undefined) return;
  map.delete(from);
  map.set(to, value);
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
      draft.indexes.set(indexName(node, table), { table, unique: node.unique === true, columns });
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
  draft.columns.set(column, { notNull: false, ...draft.columns.get(column), ...change });
}

function learnConstraint(draft: Draft, table: string, con: AstNode, column?: string): void {
  const columns = constraintColumns(con, column);
  if (con.contype === 'CONSTR_PRIMARY' || con.contype === 'CONSTR_NOTNULL') for (const c of columns) setColumn(draft, member(table, c), { notNull: true });
  if (!isUniqueIndexConstraint(con)) return;
  const schema = schemaOf(table);
  if (con.indexname) {
    // USING INDEX: the index is renamed to the constraint's name (when it has one).
    const existing = draft.indexes.get(`${schema}.${con.indexname}`);
    draft.indexes.delete(`${schema}.${con.indexname}`);
    const index: IndexFacts = { table, unique: true, columns: existing?.columns ?? [] };
    draft.indexes.set(`${schema}.${con.conname ?? con.indexname}`, index);
    if (con.contype === 'CONSTR_PRIMARY') for (const c of index.columns ?? []) setColumn(draft, member(table, c), { notNull: true });
    return;
  }
  draft.indexes.set(`${schema}.${constraintName(table, con, columns)}`, { table, unique: true, columns });
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
