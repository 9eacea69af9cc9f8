// CREATE TABLE and CREATE TABLE AS / MATERIALIZED VIEW / SELECT INTO: additive. A new table is
// invisible to other sessions until commit, so only the tables it references are locked:
// referenced tables of foreign keys (SHARE ROW EXCLUSIVE, triggers are added to them), the parent
// of a partition (ACCESS EXCLUSIVE) or of an inheriting table (SHARE UPDATE EXCLUSIVE), and the
// sources a query reads (ACCESS SHARE).
import type { AstNode } from '../sql/index.js';
import { columnDefs, readColumnDef, tableConstraints } from './columns.js';
import { constraintColumns, constraintName, isRestriction } from './constraints.js';
import { relationsIn } from './expressions.js';
import type { TableLock } from './locks.js';
import { member } from './names.js';
import type { HandlerContext, Outcome } from './outcome.js';
import type { ObjectRef } from './types.js';

export function createTable(node: AstNode, ctx: HandlerContext): Outcome {
  const table = ctx.names.relation(node.relation);
  const objects: ObjectRef[] = [{ type: 'table', name: table, action: 'create' }];
  const locks: TableLock[] = [];
  const notes: string[] = [];
  const defs = columnDefs(node.tableElts);
  for (const def of defs) objects.push({ type: 'column', name: member(table, def.colname), action: 'create' });
  const inline = defs.flatMap((def) => readColumnDef(def).constraints.map((con) => ({ con, column: def.colname as string })));
  const constraints = [...inline, ...tableConstraints(node.tableElts).map((con) => ({ con, column: undefined }))];
  for (const { con, column } of constraints) {
    if (!isRestriction(con) || con.contype === 'CONSTR_NOTNULL') continue;
    const columns = constraintColumns(con, column);
    objects.push({ type: 'constraint', name: member(table, constraintName(table, con, columns)), action: 'create' });
    if (con.contype === 'CONSTR_FOREIGN') {
      const referenced = ctx.names.relation(con.pktable);
      objects.push({ type: 'table', name: referenced, action: 'read' });
      locks.push({ table: referenced, level: 'SHARE ROW EXCLUSIVE' });
    }
  }
  for (const parent of (node.inhRelations ?? []).map((r: AstNode) => r.RangeVar)) {
    const name = ctx.names.relation(parent);
    objects.push({ type: 'table', name, action: 'alter' });
    locks.push({ table: name, level: node.partbound ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE' });
    if (node.partbound) notes.push(`PARTITION OF locks ${name} in ACCESS EXCLUSIVE mode; CREATE TABLE + ATTACH PARTITION takes only SHARE UPDATE EXCLUSIVE`);
  }
  for (const like of (node.tableElts ?? []).map((e: AstNode) => e.TableLikeClause).filter(Boolean)) {
    const name = ctx.names.relation(like.relation);
    objects.push({ type: 'table', name, action: 'read' });
    locks.push({ table: name, level: 'ACCESS SHARE' });
  }
  if (node.relation?.relpersistence === 't') notes.push('temporary table: dropped at the end of the session');
  if (node.if_not_exists) notes.push('IF NOT EXISTS: does nothing when the table exists (its definition is not compared)');
  return { effect: 'additive', objects, locks, notes };
}

/** CREATE TABLE AS, CREATE MATERIALIZED VIEW, SELECT INTO: a new relation filled from a query. */
export function createTableAs(node: AstNode, ctx: HandlerContext): Outcome {
  const into = node.into ?? node.intoClause ?? {};
  const name = ctx.names.relation(into.rel);
  const type = node.objtype === 'OBJECT_MATVIEW' ? 'materialized-view' : 'table';
  const sources = relationsIn(node.query).map((r) => ctx.names.relation(r));
  const objects: ObjectRef[] = [{ type, name, action: 'create' }, ...sources.map((s) => ({ type: 'table' as const, name: s, action: 'read' as const }))];
  const filled = !into.skipData;
  const notes = filled ? [`runs the query now: reads ${sources.join(', ') || 'no table'}`] : ['WITH NO DATA: the query does not run'];
  return {
    effect: 'additive',
    objects,
    locks: sources.map((table) => ({ table, level: 'ACCESS SHARE' as const })),
    scan: filled && sources.length > 0,
    notes,
  };
}
