// Session and maintenance statements: no schema or data effect (neutral), but some take
// strong locks (VACUUM FULL, LOCK TABLE) or run code nobody can see offline (CALL, EXECUTE).
import type { AstNode } from '../sql/index.js';
import { lockLevelFromMode } from './locks.js';
import { combine, toOutcome, type HandlerContext, type Outcome } from './outcome.js';

export function neutral(note?: string): (node: AstNode) => Outcome {
  return () => ({ effect: 'neutral', notes: note ? [note] : [] });
}

export function variableSet(node: AstNode): Outcome {
  if (node.name === 'search_path') return { effect: 'neutral', notes: ['changes how later unqualified names resolve'] };
  return { effect: 'neutral' };
}

export function transaction(node: AstNode): Outcome {
  const kind = String(node.kind ?? '').replace('TRANS_STMT_', '');
  return { effect: 'neutral', notes: [`${kind}: transaction control`] };
}

export function vacuum(node: AstNode, ctx: HandlerContext): Outcome {
  const options = ((node.options ?? []) as AstNode[]).map((o) => o.DefElem?.defname);
  const full = node.is_vacuumcmd && options.includes('full');
  const tables = ((node.rels ?? []) as AstNode[]).map((r) => ctx.names.relation(r.VacuumRelation?.relation));
  const level = full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE';
  const notes = tables.length === 0 ? ['runs on every table of the database'] : [];
  if (full) notes.push('VACUUM FULL rewrites each table under ACCESS EXCLUSIVE');
  return { effect: 'neutral', locks: tables.map((table) => ({ table, level })), rewrite: full, scan: true, notes };
}

export function lockTable(node: AstNode, ctx: HandlerContext): Outcome {
  const level = lockLevelFromMode(node.mode);
  const tables = ((node.relations ?? []) as AstNode[]).map((r) => ctx.names.relation(r.RangeVar));
  return { effect: 'neutral', locks: tables.map((table) => ({ table, level })), notes: [`holds ${level} on ${tables.join(', ')} until the transaction ends`] };
}

/** EXPLAIN ANALYZE runs the statement; plain EXPLAIN only plans it. */
export function explain(node: AstNode, ctx: HandlerContext): Outcome {
  const analyze = ((node.options ?? []) as AstNode[]).some((o) => o.DefElem?.defname === 'analyze' && o.DefElem?.arg?.String?.sval !== 'false');
  if (!analyze) return { effect: 'neutral' };
  const [kind, body] = Object.entries(node.query ?? {})[0] ?? ['Unknown', {}];
  const [inner] = ctx.nested([{ kind, node: body as AstNode, sql: '', transactional: true }]);
  return combine([toOutcome(inner!), { effect: 'neutral', notes: ['EXPLAIN ANALYZE executes the statement'] }]);
}

/** CALL, EXECUTE: run code whose effect cannot be known offline. */
export function opaque(what: string): (node: AstNode, ctx: HandlerContext) => Outcome {
  return (node, ctx) => {
    const name = node.funccall ? ctx.names.qualified(node.funccall.funcname) : node.name;
    const objects = name ? [{ type: 'function' as const, name, action: 'read' as const }] : [];
    return { effect: 'unknown', objects, breaks: objects.map((o) => o.name), notes: [`${what}: what it does cannot be known offline`] };
  };
}
