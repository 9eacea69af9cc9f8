// RENAME and SET SCHEMA: destructive for every object (spec §4) — deployed code still uses the
// old name, which stops existing. `breaks` is the old name, `newName` on the object the new one.
import type { AstNode } from '../sql/index.js';
import { droppedName } from './drops.js';
import type { TableLock } from './locks.js';
import { baseName, member, schemaOf } from './names.js';
import type { HandlerContext, Outcome } from './outcome.js';
import type { ObjectType } from './types.js';

const TYPES: Record<string, ObjectType> = {
  OBJECT_TABLE: 'table', OBJECT_FOREIGN_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized-view',
  OBJECT_INDEX: 'index', OBJECT_SEQUENCE: 'sequence', OBJECT_COLUMN: 'column', OBJECT_ATTRIBUTE: 'column',
  OBJECT_TABCONSTRAINT: 'constraint', OBJECT_DOMCONSTRAINT: 'constraint', OBJECT_TRIGGER: 'trigger',
  OBJECT_POLICY: 'policy', OBJECT_SCHEMA: 'schema', OBJECT_TYPE: 'type', OBJECT_DOMAIN: 'type',
  OBJECT_FUNCTION: 'function', OBJECT_PROCEDURE: 'function', OBJECT_AGGREGATE: 'function', OBJECT_ROUTINE: 'function',
  OBJECT_ROLE: 'role', OBJECT_DATABASE: 'database', OBJECT_EXTENSION: 'extension',
};
const RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_FOREIGN_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_INDEX']);
const MEMBERS = new Set(['OBJECT_COLUMN', 'OBJECT_ATTRIBUTE', 'OBJECT_TABCONSTRAINT', 'OBJECT_TRIGGER', 'OBJECT_POLICY', 'OBJECT_RULE']);
const GLOBAL = new Set(['OBJECT_SCHEMA', 'OBJECT_ROLE', 'OBJECT_DATABASE', 'OBJECT_TABLESPACE']);

function renamed(type: ObjectType, name: string, newName: string, locks: TableLock[], notes: string[] = []): Outcome {
  return {
    effect: 'destructive',
    objects: [{ type, name, action: 'rename', newName }],
    locks,
    breaks: [name],
    notes: [`${name} is renamed to ${newName}: deployed code using the old name breaks`, ...notes],
  };
}

export function rename(node: AstNode, ctx: HandlerContext): Outcome {
  const renameType: string = node.renameType;
  const type = TYPES[renameType] ?? 'other';
  if (RELATIONS.has(renameType)) {
    const name = ctx.names.relation(node.relation);
    // PostgreSQL 12+: ALTER INDEX … RENAME takes only SHARE UPDATE EXCLUSIVE.
    const level = renameType === 'OBJECT_INDEX' ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
    return renamed(type, name, `${schemaOf(name)}.${node.newname}`, [{ table: name, level }]);
  }
  if (MEMBERS.has(renameType)) {
    const relation = ctx.names.relation(node.relation);
    // A composite type's attribute: no table is locked.
    const locks: TableLock[] = renameType === 'OBJECT_ATTRIBUTE' ? [] : [{ table: relation, level: 'ACCESS EXCLUSIVE' }];
    return renamed(type, member(relation, node.subname), member(relation, node.newname), locks);
  }
  if (GLOBAL.has(renameType)) {
    const notes = renameType === 'OBJECT_SCHEMA' ? ['every object in the schema changes its qualified name'] : [];
    return renamed(type, node.subname ?? '?', node.newname, [], notes);
  }
  if (renameType === 'OBJECT_DOMCONSTRAINT') {
    const domain = droppedName('OBJECT_DOMAIN', node.object, ctx).name;
    return renamed(type, member(domain, node.subname), member(domain, node.newname), []);
  }
  const { name } = droppedName(renameType, node.object ?? {}, ctx);
  const newName = name.includes('.') ? `${schemaOf(name)}.${node.newname}` : node.newname;
  return renamed(type, name, newName, []);
}

export function setSchema(node: AstNode, ctx: HandlerContext): Outcome {
  const objectType: string = node.objectType;
  const type = TYPES[objectType] ?? 'other';
  const name = node.relation ? ctx.names.relation(node.relation) : droppedName(objectType, node.object ?? {}, ctx).name;
  const newName = `${node.newschema}.${baseName(name)}`;
  const locks: TableLock[] = node.relation ? [{ table: name, level: 'ACCESS EXCLUSIVE' }] : [];
  const outcome = renamed(type, name, newName, locks);
  outcome.notes = [`${name} moves to schema ${node.newschema}: deployed code using ${name} breaks`];
  return outcome;
}
