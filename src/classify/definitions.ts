// Views, functions, triggers, rules, policies and comments. CREATE OR REPLACE cannot be judged
// against the previous definition offline, but PostgreSQL itself limits what it may change:
// OR REPLACE VIEW may only append columns (it refuses to drop, rename or retype one) and OR REPLACE
// FUNCTION may not change the return type or argument types (that creates an overload instead).
// So replacing is additive, with a note that behaviour may change; spec §4's "removes or changes
// output columns or signature" needs DROP, which is destructive.
import type { AstNode } from '../sql/index.js';
import { droppedName } from './drops.js';
import { relationsIn } from './expressions.js';
import type { TableLock } from './locks.js';
import { member, strings } from './names.js';
import type { HandlerContext, Outcome } from './outcome.js';
import type { ObjectRef, ObjectType } from './types.js';

function replaceNote(name: string, what: string, ctx: HandlerContext): string[] {
  if (ctx.isNew(name)) return [];
  return [`OR REPLACE: replaces ${name} if it exists; ${what}`];
}

export function createView(node: AstNode, ctx: HandlerContext): Outcome {
  const view = ctx.names.relation(node.view);
  const sources = [...new Set(relationsIn(node.query).map((r) => ctx.names.relation(r)))];
  const objects: ObjectRef[] = [{ type: 'view', name: view, action: 'create' }, ...sources.map((name) => ({ type: 'table' as const, name, action: 'read' as const }))];
  const locks: TableLock[] = sources.map((table) => ({ table, level: 'ACCESS SHARE' }));
  const notes = node.replace ? replaceNote(view, 'PostgreSQL keeps its existing columns (new ones only at the end), but the rows they return may change', ctx) : [];
  if (notes.length > 0) locks.push({ table: view, level: 'ACCESS EXCLUSIVE' });
  return { effect: 'additive', objects, locks, notes };
}

export function createFunction(node: AstNode, ctx: HandlerContext): Outcome {
  const name = ctx.names.qualified(node.funcname);
  const notes = node.replace ? replaceNote(name, 'same arguments and return type (PostgreSQL refuses other changes), but its behaviour may change', ctx) : [];
  return { effect: 'additive', objects: [{ type: 'function', name, action: 'create' }], notes };
}

export function createTrigger(node: AstNode, ctx: HandlerContext): Outcome {
  const table = ctx.names.relation(node.relation);
  const trigger = member(table, node.trigname);
  const notes = [`writes to ${table} now also run ${strings(node.funcname).join('.')}(); it may reject or change them`];
  if (node.replace) notes.push(...replaceNote(trigger, 'the previous trigger stops running', ctx));
  return {
    effect: 'additive',
    objects: [{ type: 'trigger', name: trigger, action: 'create' }, { type: 'function', name: ctx.names.qualified(node.funcname), action: 'read' }],
    locks: [{ table, level: 'SHARE ROW EXCLUSIVE' }],
    notes,
  };
}

/** CREATE RULE rewrites queries on a table (DO INSTEAD can silently redirect deployed code's writes). */
export function createRule(node: AstNode, ctx: HandlerContext): Outcome {
  const table = ctx.names.relation(node.relation);
  return {
    effect: 'destructive',
    objects: [{ type: 'other', name: member(table, node.rulename), action: 'create' }],
    locks: [{ table, level: 'ACCESS EXCLUSIVE' }],
    breaks: [table],
    notes: [`rewrites queries on ${table}: what deployed code's statements do changes`],
  };
}

export function createPolicy(node: AstNode, ctx: HandlerContext): Outcome {
  const table = ctx.names.relation(node.table);
  const objects: ObjectRef[] = [{ type: 'policy', name: member(table, node.policy_name), action: 'create' }];
  const locks = [{ table, level: 'ACCESS EXCLUSIVE' as const }];
  // Permissive policies are OR-ed: a new one can only let roles see or change more rows.
  if (node.permissive) return { effect: 'additive', objects, locks, notes: ['permissive policy: can only widen what roles see'] };
  return { effect: 'destructive', objects, locks, breaks: [table], notes: [`restrictive policy: roles may see and change fewer rows of ${table}`] };
}

export function alterPolicy(node: AstNode, ctx: HandlerContext): Outcome {
  const table = ctx.names.relation(node.table);
  return {
    effect: 'destructive',
    objects: [{ type: 'policy', name: member(table, node.policy_name), action: 'alter' }],
    locks: [{ table, level: 'ACCESS EXCLUSIVE' }],
    breaks: [table],
    notes: [`changes which rows of ${table} roles may see or change`],
  };
}

const COMMENT_TYPES: Record<string, ObjectType> = {
  OBJECT_TABLE: 'table', OBJECT_FOREIGN_TABLE: 'table', OBJECT_COLUMN: 'column', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized-view',
  OBJECT_INDEX: 'index', OBJECT_SEQUENCE: 'sequence', OBJECT_TYPE: 'type', OBJECT_DOMAIN: 'type', OBJECT_FUNCTION: 'function',
  OBJECT_PROCEDURE: 'function', OBJECT_TRIGGER: 'trigger', OBJECT_SCHEMA: 'schema', OBJECT_EXTENSION: 'extension',
  OBJECT_TABCONSTRAINT: 'constraint', OBJECT_POLICY: 'policy', OBJECT_ROLE: 'role', OBJECT_DATABASE: 'database',
};
const COMMENT_RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_FOREIGN_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_INDEX', 'OBJECT_SEQUENCE']);

/** COMMENT ON: documentation only; PostgreSQL takes SHARE UPDATE EXCLUSIVE on a commented relation. */
export function comment(node: AstNode, ctx: HandlerContext): Outcome {
  const objtype: string = node.objtype;
  let name: string;
  let table: string | undefined;
  const parts = strings(node.object?.List?.items);
  if (objtype === 'OBJECT_COLUMN' || objtype === 'OBJECT_TABCONSTRAINT') {
    table = ctx.names.qualified(parts.slice(0, -1).map((sval) => ({ String: { sval } })));
    name = member(table, parts[parts.length - 1] ?? '?');
  } else {
    ({ name, table } = droppedName(objtype, node.object ?? {}, ctx));
    if (COMMENT_RELATIONS.has(objtype)) table = name;
  }
  return {
    effect: 'additive',
    objects: [{ type: COMMENT_TYPES[objtype] ?? 'other', name, action: 'alter' }],
    locks: table ? [{ table, level: 'SHARE UPDATE EXCLUSIVE' }] : [],
  };
}
