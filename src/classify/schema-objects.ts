// Types, domains, sequences, extensions, schemas, statistics, and the long tail of CREATE/ALTER
// statements for objects applications rarely reference (casts, operators, servers…): creating is
// additive, altering their options is neutral.
import type { AstNode } from '../sql/index.js';
import type { HandlerContext, Handler, Outcome } from './outcome.js';
import { member, strings } from './names.js';
import type { ObjectType } from './types.js';

export function createType(type: ObjectType, nameOf: (node: AstNode, ctx: HandlerContext) => string): Handler {
  return (node, ctx) => ({ effect: 'additive', objects: [{ type, name: nameOf(node, ctx), action: 'create' }] });
}

/** The new type's name: `domainname` (CREATE DOMAIN), `defnames` (DefineStmt) or the `typeName` list (ENUM, RANGE). */
export const typeNameOf = (node: AstNode, ctx: HandlerContext): string =>
  ctx.names.qualified(node.domainname ?? node.defnames ?? (Array.isArray(node.typeName) ? node.typeName : undefined));

/** ALTER TYPE … ADD VALUE (additive) / RENAME VALUE (destructive: deployed code still sends the old label). */
export function alterEnum(node: AstNode, ctx: HandlerContext): Outcome {
  const type = ctx.names.qualified(node.typeName);
  const objects = [{ type: 'type' as const, name: type, action: 'alter' as const }];
  if (node.oldVal) {
    return { effect: 'destructive', objects, breaks: [type], notes: [`enum label '${node.oldVal}' of ${type} becomes '${node.newVal}': deployed code sending or expecting the old label breaks`] };
  }
  return {
    effect: 'additive',
    objects,
    notes: [`adds '${node.newVal}' to ${type}: usable only after commit; deployed code must tolerate reading a label it does not know`],
  };
}

/** ALTER DOMAIN: new constraints and SET NOT NULL restrict every column of the domain's type. */
export function alterDomain(node: AstNode, ctx: HandlerContext): Outcome {
  const type = ctx.names.qualified(node.typeName);
  const objects = [{ type: 'type' as const, name: type, action: 'alter' as const }];
  switch (node.subtype) {
    case 'O':
      return { effect: 'destructive', objects, scan: true, breaks: [type], notes: [`new NOT NULL restriction on every column of type ${type}; scans them`] };
    case 'C': {
      const notValid = node.def?.Constraint?.skip_validation === true;
      return { effect: 'destructive', objects, scan: !notValid, breaks: [type], notes: [`new write restriction on every column of type ${type}${notValid ? ' (NOT VALID: existing rows not checked)' : '; scans them'}`] };
    }
    case 'V':
      return { effect: 'neutral', objects, scan: true, notes: [`validates every column of type ${type}`] };
    case 'N':
    case 'X':
      return { effect: 'additive', objects, notes: [`relaxes a restriction of ${type}`] };
    default: // 'T': SET / DROP DEFAULT
      return { effect: node.def ? 'additive' : 'neutral', objects };
  }
}

export function createSequence(node: AstNode, ctx: HandlerContext): Outcome {
  return { effect: 'additive', objects: [{ type: 'sequence', name: ctx.names.relation(node.sequence), action: 'create' }] };
}

/** ALTER SEQUENCE: options only; PostgreSQL takes SHARE ROW EXCLUSIVE on the sequence. */
export function alterSequence(node: AstNode, ctx: HandlerContext): Outcome {
  const sequence = ctx.names.relation(node.sequence);
  const options = ((node.options ?? []) as AstNode[]).map((o) => o.DefElem?.defname);
  const notes: string[] = [];
  if (options.includes('restart')) notes.push('RESTART: new values may collide with existing keys');
  if (options.includes('as') || options.includes('maxvalue')) notes.push('a lower limit makes nextval() fail once reached');
  return { effect: 'neutral', objects: [{ type: 'sequence', name: sequence, action: 'alter' }], locks: [{ table: sequence, level: 'SHARE ROW EXCLUSIVE' }], notes };
}

export function createExtension(node: AstNode): Outcome {
  return { effect: 'additive', objects: [{ type: 'extension', name: node.extname, action: 'create' }] };
}

export function alterExtension(node: AstNode): Outcome {
  return { effect: 'additive', objects: [{ type: 'extension', name: node.extname, action: 'alter' }], notes: ['an extension update may change or remove its functions and types'] };
}

/** CREATE SCHEMA, including the objects created inside it (`CREATE SCHEMA s CREATE TABLE t …`). */
export function createSchema(node: AstNode, ctx: HandlerContext): Outcome {
  const schema = node.schemaname ?? node.authrole?.rolename ?? '?';
  const inner = ((node.schemaElts ?? []) as AstNode[]).map((elt) => {
    const [kind, body] = Object.entries(elt)[0] ?? ['Unknown', {}];
    return { kind, node: body as AstNode, sql: '', transactional: true };
  });
  const nested = ctx.nested(inner, { defaultSchema: schema });
  return {
    effect: 'additive',
    objects: [{ type: 'schema', name: schema, action: 'create' }, ...nested.flatMap((c) => c.objects)],
    locks: nested.flatMap((c) => c.lock.tables.map((table) => ({ table, level: c.lock.level }))),
  };
}

/** CREATE STATISTICS: planner information only; SHARE UPDATE EXCLUSIVE on the table. */
export function createStatistics(node: AstNode, ctx: HandlerContext): Outcome {
  const tables = ((node.relations ?? []) as AstNode[]).map((r) => ctx.names.relation(r.RangeVar));
  const name = node.defnames ? ctx.names.qualified(node.defnames) : member(tables[0] ?? '?', 'stat');
  return { effect: 'neutral', objects: [{ type: 'other', name, action: 'create' }], locks: tables.map((table) => ({ table, level: 'SHARE UPDATE EXCLUSIVE' })) };
}

/** Any other CREATE: a new object nothing deployed uses yet. */
export function createOther(nameOf: (node: AstNode) => string | undefined = () => undefined): Handler {
  return (node) => {
    const name = nameOf(node);
    return { effect: 'additive', objects: name ? [{ type: 'other', name, action: 'create' }] : [] };
  };
}

/** Any other ALTER of options that deployed code does not depend on. */
export function alterOther(note?: string): Handler {
  return () => ({ effect: 'neutral', notes: note ? [note] : [] });
}

/** The plain name of a global object from a string field. */
export const field = (key: string) => (node: AstNode): string | undefined => (typeof node[key] === 'string' ? node[key] : strings(node[key]).join('.') || undefined);
