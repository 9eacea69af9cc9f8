// DROP …, TRUNCATE: destructive, breaking the dropped objects (spec §4), except dropping a
// plain (non-unique) index or extended statistics: no code references those by name, only
// performance changes. Whether an index is unique is known when it was created in the migrations
// seen; otherwise its name decides (`…_key`, `…_pkey`, `…uniq…`).
import type { AstNode } from '../sql/index.js';
import { looksUnique } from './indexes.js';
import type { TableLock } from './locks.js';
import { member, strings } from './names.js';
import type { HandlerContext, Outcome } from './outcome.js';
import type { ObjectRef, ObjectType } from './types.js';

const TYPES: Record<string, ObjectType> = {
  OBJECT_TABLE: 'table', OBJECT_FOREIGN_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized-view',
  OBJECT_INDEX: 'index', OBJECT_SEQUENCE: 'sequence', OBJECT_TYPE: 'type', OBJECT_DOMAIN: 'type',
  OBJECT_FUNCTION: 'function', OBJECT_PROCEDURE: 'function', OBJECT_AGGREGATE: 'function', OBJECT_ROUTINE: 'function',
  OBJECT_TRIGGER: 'trigger', OBJECT_SCHEMA: 'schema', OBJECT_EXTENSION: 'extension', OBJECT_POLICY: 'policy',
};
const RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_FOREIGN_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE']);
const TABLE_MEMBERS = new Set(['OBJECT_TRIGGER', 'OBJECT_POLICY', 'OBJECT_RULE']);
// Database-wide objects: not in a schema, named as they are.
const GLOBAL = new Set(['OBJECT_SCHEMA', 'OBJECT_EXTENSION', 'OBJECT_LANGUAGE', 'OBJECT_FDW', 'OBJECT_FOREIGN_SERVER', 'OBJECT_EVENT_TRIGGER', 'OBJECT_PUBLICATION', 'OBJECT_ACCESS_METHOD']);

/** The name of one entry of `DropStmt.objects` (also used by COMMENT, RENAME and SET SCHEMA). */
export function droppedName(removeType: string, object: AstNode, ctx: HandlerContext): { name: string; table?: string } {
  if (GLOBAL.has(removeType)) return { name: object.String?.sval ?? strings(object.List?.items).join('.') };
  if (object.TypeName) return { name: ctx.names.type(object.TypeName) };
  if (object.ObjectWithArgs) return { name: ctx.names.qualified(object.ObjectWithArgs.objname) };
  const parts = strings(object.List?.items);
  if (TABLE_MEMBERS.has(removeType) && parts.length >= 2) {
    const table = ctx.names.qualified(parts.slice(0, -1).map((sval) => ({ String: { sval } })));
    return { name: member(table, parts[parts.length - 1]!), table };
  }
  if (removeType === 'OBJECT_CAST') {
    const types = ((object.List?.items ?? []) as AstNode[]).map((t) => strings(t.TypeName?.names).pop());
    return { name: `cast(${types.join(' as ')})` };
  }
  if (parts.length === 0) return { name: object.String?.sval ?? '?' };
  return { name: ctx.names.qualified(parts.map((sval) => ({ String: { sval } }))) };
}

export function drop(node: AstNode, ctx: HandlerContext): Outcome {
  const removeType: string = node.removeType;
  const type = TYPES[removeType] ?? 'other';
  const dropped = ((node.objects ?? []) as AstNode[]).map((o) => droppedName(removeType, o, ctx));
  const objects: ObjectRef[] = dropped.map(({ name }) => ({ type, name, action: 'drop' }));
  const names = dropped.map((d) => d.name);
  const locks: TableLock[] = [];
  const notes: string[] = [];
  if (RELATIONS.has(removeType)) locks.push(...names.map((table) => ({ table, level: 'ACCESS EXCLUSIVE' as const })));
  for (const { table } of dropped) if (table) locks.push({ table, level: 'ACCESS EXCLUSIVE' });
  if (node.behavior === 'DROP_CASCADE') notes.push('CASCADE also drops every object depending on these (views, foreign keys, …), not listed here');
  if (removeType === 'OBJECT_SCHEMA') notes.push('a dropped schema takes every object in it');
  if (removeType === 'OBJECT_INDEX') return dropIndex(node, names, objects, notes, ctx);
  if (removeType === 'OBJECT_STATISTIC_EXT') return { effect: 'neutral', objects, notes: ['extended statistics only guide the planner'] };
  return { effect: 'destructive', objects, locks, breaks: names, notes };
}

function dropIndex(node: AstNode, names: string[], objects: ObjectRef[], notes: string[], ctx: HandlerContext): Outcome {
  const level = node.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
  // PostgreSQL locks the index's table; offline the table is known only if the index was seen being created.
  const locks = names.map((index) => ({ table: ctx.context.indexes.get(index)?.table ?? index, level }) as const);
  const unique = names.filter((index) => ctx.context.indexes.get(index)?.unique ?? looksUnique(index));
  if (!node.concurrent) notes.push('blocks every query on the table until dropped; DROP INDEX CONCURRENTLY does not');
  if (unique.length > 0) {
    notes.push(`drops unique index ${unique.join(', ')}: deployed code relying on it (ON CONFLICT, duplicate checks) breaks`);
    return { effect: 'destructive', objects, locks, breaks: unique, notes };
  }
  const how = names.every((index) => ctx.context.indexes.has(index)) ? '' : ' (judged by its name: not seen being created)';
  notes.push(`plain index${how}: queries keep working, possibly slower`);
  return { effect: 'neutral', objects, locks, notes };
}

export function truncate(node: AstNode, ctx: HandlerContext): Outcome {
  const tables = ((node.relations ?? []) as AstNode[]).map((r) => ctx.names.relation(r.RangeVar));
  const notes = [`removes every row of ${tables.join(', ')}`];
  if (node.behavior === 'DROP_CASCADE') notes.push('CASCADE also truncates every table with a foreign key to these, not listed here');
  if (node.restart_seqs) notes.push('RESTART IDENTITY resets the owned sequences');
  return {
    effect: 'destructive',
    objects: tables.map((name) => ({ type: 'table', name, action: 'write' })),
    locks: tables.map((table) => ({ table, level: 'ACCESS EXCLUSIVE' })),
    breaks: tables,
    notes,
  };
}

/** DROP ROLE / DATABASE / OWNED / TABLESPACE / SUBSCRIPTION / USER MAPPING: global objects. */
export function dropGlobal(type: ObjectType, namesOf: (node: AstNode) => string[]): (node: AstNode) => Outcome {
  return (node) => {
    const names = namesOf(node);
    return { effect: 'destructive', objects: names.map((name) => ({ type, name, action: 'drop' })), breaks: names };
  };
}

export function roleNames(list: AstNode[] | undefined): string[] {
  return (list ?? []).map((r) => {
    const spec = r.RoleSpec ?? r;
    return spec.rolename ?? String(spec.roletype ?? '?').replace('ROLESPEC_', '').toLowerCase();
  });
}
