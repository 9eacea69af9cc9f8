// GRANT is additive (nobody loses access); REVOKE is destructive and breaks the objects whose
// access it removes (a colour's database role may depend on it). Roles and owners: creating is
// additive, dropping destructive, changing attributes or owners neutral.
import type { AstNode } from '../sql/index.js';
import { roleNames } from './drops.js';
import { member } from './names.js';
import type { HandlerContext, Outcome } from './outcome.js';
import type { ObjectRef, ObjectType } from './types.js';

const TYPES: Record<string, ObjectType> = {
  OBJECT_TABLE: 'table', OBJECT_SEQUENCE: 'sequence', OBJECT_FUNCTION: 'function', OBJECT_PROCEDURE: 'function',
  OBJECT_ROUTINE: 'function', OBJECT_SCHEMA: 'schema', OBJECT_TYPE: 'type', OBJECT_DOMAIN: 'type', OBJECT_DATABASE: 'database',
};

function grantedObjects(node: AstNode, ctx: HandlerContext): ObjectRef[] {
  const objects = (node.objects ?? []) as AstNode[];
  if (node.targtype === 'ACL_TARGET_ALL_IN_SCHEMA') {
    return objects.map((o) => ({ type: 'schema', name: o.String?.sval ?? '?', action: 'alter' }));
  }
  const type = TYPES[node.objtype] ?? 'other';
  return objects.map((o): ObjectRef => {
    if (o.RangeVar) return { type, name: ctx.names.relation(o.RangeVar), action: 'alter' };
    if (o.ObjectWithArgs) return { type, name: ctx.names.qualified(o.ObjectWithArgs.objname), action: 'alter' };
    if (o.TypeName) return { type, name: ctx.names.type(o.TypeName), action: 'alter' };
    if (o.List) return { type, name: ctx.names.qualified(o.List.items), action: 'alter' };
    return { type, name: o.String?.sval ?? '?', action: 'alter' };
  });
}

export function grant(node: AstNode, ctx: HandlerContext): Outcome {
  const objects = grantedObjects(node, ctx);
  const roles = roleNames(node.grantees).join(', ');
  if (node.is_grant) return { effect: 'additive', objects, notes: [`grants to ${roles}`] };
  // Column privileges (REVOKE UPDATE (c) ON t): only those columns lose access.
  const columns = ((node.privileges ?? []) as AstNode[]).flatMap((p) => ((p.AccessPriv?.cols ?? []) as AstNode[]).map((c) => c.String?.sval));
  const breaks = columns.length > 0 ? objects.flatMap((o) => columns.map((c) => member(o.name, c))) : objects.map((o) => o.name);
  const notes = [`revokes from ${roles}: deployed code connecting as ${roles} loses access`];
  if (node.targtype === 'ACL_TARGET_ALL_IN_SCHEMA') notes.push('applies to every object of that kind in the schema');
  return { effect: 'destructive', objects, breaks, notes };
}

export function grantRole(node: AstNode): Outcome {
  const granted = ((node.granted_roles ?? []) as AstNode[]).map((r) => r.AccessPriv?.priv_name ?? '?');
  const objects: ObjectRef[] = granted.map((name) => ({ type: 'role', name, action: 'alter' }));
  if (node.is_grant) return { effect: 'additive', objects };
  return { effect: 'destructive', objects, breaks: granted, notes: [`${roleNames(node.grantee_roles).join(', ')} lose the privileges of ${granted.join(', ')}`] };
}

/** ALTER DEFAULT PRIVILEGES: affects only objects created later, never what a colour uses now. */
export function alterDefaultPrivileges(node: AstNode): Outcome {
  const isGrant = (node.action?.GrantStmt ?? node.action)?.is_grant === true;
  return { effect: isGrant ? 'additive' : 'neutral', notes: ['applies to objects created from now on'] };
}

export function createRole(node: AstNode): Outcome {
  return { effect: 'additive', objects: [{ type: 'role', name: node.role ?? '?', action: 'create' }] };
}

export function alterRole(node: AstNode): Outcome {
  const name = node.role?.rolename ?? node.role?.RoleSpec?.rolename ?? '?';
  return { effect: 'neutral', objects: [{ type: 'role', name, action: 'alter' }], notes: ['changes role attributes or settings (a disabled login or new password affects every colour using the role)'] };
}

/** ALTER … OWNER TO (for objects other than tables): permissions of the new owner apply. */
export function alterOwner(): Outcome {
  return { effect: 'neutral', notes: ['changes the owner: privileges of deployed roles are unchanged unless they relied on ownership'] };
}
