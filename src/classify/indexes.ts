// CREATE INDEX, REINDEX, CLUSTER. An index lives in its table's schema. A plain index is
// additive; a UNIQUE one is a new write restriction exactly like ADD CONSTRAINT … UNIQUE (old code
// may insert duplicates), so it is destructive and breaks the indexed columns.
import type { AstNode } from '../sql/index.js';
import { columnsIn } from './expressions.js';
import type { TableLock } from './locks.js';
import { baseName, defaultObjectName, member, schemaOf, strings } from './names.js';
import type { HandlerContext, Outcome } from './outcome.js';

/** Column names PostgreSQL uses to name an index: the column, or the function name of an expression, else `expr`. */
function indexColumnNames(params: AstNode[] | undefined): string[] {
  return (params ?? []).map((p) => {
    const elem = p.IndexElem ?? {};
    if (elem.name) return elem.name as string;
    const fn = strings(elem.expr?.FuncCall?.funcname).pop();
    return fn ?? 'expr';
  });
}

/** `schema.index` for an index on `table` (named, or PostgreSQL's generated `table_col_idx`). */
export function indexName(node: AstNode, table: string): string {
  const name = node.idxname ?? defaultObjectName(baseName(table), indexColumnNames([...(node.indexParams ?? []), ...(node.indexIncludingParams ?? [])]), 'idx');
  return `${schemaOf(table)}.${name}`;
}

export function createIndex(node: AstNode, ctx: HandlerContext): Outcome {
  const table = ctx.names.relation(node.relation);
  const index = indexName(node, table);
  const level = node.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE';
  const notes = [node.concurrent ? `builds ${index} without blocking writes (SHARE UPDATE EXCLUSIVE)` : `blocks writes to ${table} while ${index} is built (SHARE lock)`];
  if (!node.idxname) notes.push(`unnamed: PostgreSQL names it ${baseName(index)} (plus a digit if taken)`);
  const outcome: Outcome = {
    effect: 'additive',
    objects: [{ type: 'index', name: index, action: 'create' }, { type: 'table', name: table, action: 'read' }],
    locks: [{ table, level }],
    scan: true,
    notes,
  };
  if (!node.unique) return outcome;
  const columns = (node.indexParams ?? []).flatMap((p: AstNode) => (p.IndexElem?.name ? [p.IndexElem.name] : columnsIn(p.IndexElem?.expr)));
  const breaks = columns.length > 0 ? columns.map((c: string) => member(table, c)) : [table];
  notes.push(`new UNIQUE write restriction on ${breaks.join(', ')}: writes by deployed code that duplicate a value fail`);
  return { ...outcome, effect: 'destructive', breaks };
}

export function reindex(node: AstNode, ctx: HandlerContext): Outcome {
  const concurrent = (node.params ?? []).some((p: AstNode) => p.DefElem?.defname === 'concurrently');
  const notes: string[] = [];
  const locks: TableLock[] = [];
  if (node.kind === 'REINDEX_OBJECT_INDEX') {
    const index = ctx.names.relation(node.relation);
    const table = ctx.context.indexes.get(index)?.table;
    locks.push({ table: index, level: concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE' });
    if (table) locks.push({ table, level: concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE' });
    if (!concurrent) notes.push(`blocks writes to the table and queries that use ${index}`);
  } else if (node.kind === 'REINDEX_OBJECT_TABLE') {
    const table = ctx.names.relation(node.relation);
    locks.push({ table, level: concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE' });
    if (!concurrent) notes.push(`blocks writes to ${table}, and takes ACCESS EXCLUSIVE on each of its indexes, so queries that plan with them wait`);
  } else {
    notes.push(`reindexes a whole ${String(node.kind).replace('REINDEX_OBJECT_', '').toLowerCase()} (${node.name ?? 'current'})`);
  }
  return { effect: 'neutral', locks, scan: true, notes };
}

export function cluster(node: AstNode, ctx: HandlerContext): Outcome {
  if (!node.relation) return { effect: 'neutral', rewrite: true, notes: ['CLUSTER without a table rewrites every previously clustered table under ACCESS EXCLUSIVE'] };
  const table = ctx.names.relation(node.relation);
  return { effect: 'neutral', locks: [{ table, level: 'ACCESS EXCLUSIVE' }], rewrite: true, notes: [`rewrites ${table} under ACCESS EXCLUSIVE`] };
}

/** Index names that conventionally mean UNIQUE (`…_key` from PostgreSQL and Prisma, `…_pkey`, `…unique…`). */
export function looksUnique(index: string): boolean {
  return /(_p?key|_ukey|_uk)$|uniq/i.test(baseName(index));
}
