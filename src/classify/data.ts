// Row changes (INSERT, UPDATE, DELETE, COPY, MERGE, REFRESH MATERIALIZED VIEW) are `data`;
// DELETE without WHERE empties the table and is destructive (spec §4). Reads are `neutral`,
// except SELECTs that call functions whose side effects cannot be known offline.
import { cteWrites, type AstNode, type WriteKind } from '../sql/index.js';
import { functionsIn, isKnownStable, relationsIn } from './expressions.js';
import type { TableLock } from './locks.js';
import { member } from './names.js';
import { combine, type HandlerContext, type Outcome } from './outcome.js';
import { createTableAs } from './tables.js';
import type { ObjectRef } from './types.js';

/** Tables read by the parts of a statement (excluding the target itself), locked ACCESS SHARE. */
function sources(parts: unknown[], target: string | undefined, ctx: HandlerContext): { objects: ObjectRef[]; locks: TableLock[] } {
  const names = [...new Set(relationsIn(parts).map((r) => ctx.names.relation(r)))].filter((n) => n !== target);
  return {
    objects: names.map((name) => ({ type: 'table', name, action: 'read' })),
    locks: names.map((table) => ({ table, level: 'ACCESS SHARE' })),
  };
}

function written(table: string, columns: string[]): ObjectRef[] {
  return [{ type: 'table', name: table, action: 'write' }, ...columns.map((c) => ({ type: 'column' as const, name: member(table, c), action: 'write' as const }))];
}

const targetNames = (list: AstNode[] | undefined): string[] => (list ?? []).map((t) => t.ResTarget?.name).filter(Boolean);

function insertRows(node: AstNode, ctx: HandlerContext): Outcome {
  const table = ctx.names.relation(node.relation);
  const conflictColumns = targetNames(node.onConflictClause?.targetList);
  const read = sources([node.selectStmt, node.withClause, node.onConflictClause], table, ctx);
  return {
    effect: 'data',
    objects: [...written(table, [...new Set([...targetNames(node.cols), ...conflictColumns])]), ...read.objects],
    locks: [{ table, level: 'ROW EXCLUSIVE' }, ...read.locks],
  };
}

function updateRows(node: AstNode, ctx: HandlerContext): Outcome {
  const table = ctx.names.relation(node.relation);
  const read = sources([node.targetList, node.fromClause, node.whereClause, node.withClause], table, ctx);
  const everyRow = !node.whereClause;
  return {
    effect: 'data',
    objects: [...written(table, targetNames(node.targetList)), ...read.objects],
    locks: [{ table, level: 'ROW EXCLUSIVE' }, ...read.locks],
    scan: everyRow,
    notes: everyRow ? [`updates every row of ${table} in one transaction, holding their row locks until commit; batch large backfills (safe-migrate backfill)`] : [],
  };
}

function removeRows(node: AstNode, ctx: HandlerContext): Outcome {
  const table = ctx.names.relation(node.relation);
  const read = sources([node.usingClause, node.whereClause, node.withClause], table, ctx);
  const base = { objects: [...written(table, []), ...read.objects], locks: [{ table, level: 'ROW EXCLUSIVE' as const }, ...read.locks] };
  if (node.whereClause) return { ...base, effect: 'data' };
  return { ...base, effect: 'destructive', scan: true, breaks: [table], notes: [`DELETE without WHERE removes every row of ${table}`] };
}

export function copy(node: AstNode, ctx: HandlerContext): Outcome {
  const notes = node.is_program ? ['COPY … PROGRAM runs a command on the database server'] : node.filename ? [`reads or writes the server file ${node.filename}`] : [];
  if (!node.is_from) {
    const read = node.relation ? sources([{ RangeVar: node.relation }], undefined, ctx) : sources([node.query], undefined, ctx);
    return { effect: 'neutral', ...read, notes };
  }
  const table = ctx.names.relation(node.relation);
  const columns = ((node.attlist ?? []) as AstNode[]).map((a) => a.String?.sval).filter(Boolean);
  return { effect: 'data', objects: written(table, columns), locks: [{ table, level: 'ROW EXCLUSIVE' }], notes };
}

function mergeRows(node: AstNode, ctx: HandlerContext): Outcome {
  const table = ctx.names.relation(node.relation);
  const read = sources([node.sourceRelation, node.joinCondition, node.withClause, node.mergeWhenClauses], table, ctx);
  const columns = ((node.mergeWhenClauses ?? []) as AstNode[]).flatMap((w) => targetNames(w.MergeWhenClause?.targetList));
  return { effect: 'data', objects: [...written(table, [...new Set(columns)]), ...read.objects], locks: [{ table, level: 'ROW EXCLUSIVE' }, ...read.locks] };
}

export function refreshMaterializedView(node: AstNode, ctx: HandlerContext): Outcome {
  const view = ctx.names.relation(node.relation);
  const level = node.concurrent ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE';
  return {
    effect: 'data',
    objects: [{ type: 'materialized-view', name: view, action: 'write' }],
    locks: [{ table: view, level }],
    scan: !node.skipData,
    notes: [node.concurrent ? `reads of ${view} continue during the refresh (EXCLUSIVE)` : `blocks reads of ${view} until refreshed; CONCURRENTLY does not (needs a unique index)`],
  };
}

// Functions a migration's SELECT commonly calls that change nothing (or only the session).
const HARMLESS = new Set([
  'count', 'sum', 'min', 'max', 'avg', 'array_agg', 'string_agg', 'bool_and', 'bool_or', 'every', 'now', 'current_setting',
  'set_config', 'pg_sleep', 'version', 'current_database', 'current_schema', 'current_user', 'coalesce', 'exists', 'length',
  'lower', 'upper', 'format', 'concat', 'to_char', 'pg_advisory_lock', 'pg_advisory_unlock', 'pg_advisory_xact_lock',
  'pg_try_advisory_lock', 'pg_try_advisory_xact_lock', 'pg_advisory_unlock_all', 'has_table_privilege', 'pg_get_serial_sequence',
  'to_regclass', 'pg_typeof', 'jsonb_build_object', 'json_build_object', 'row_number', 'gen_random_uuid', 'md5', 'random',
]);
const SEQUENCE_WRITERS = new Set(['setval', 'nextval']);

function selectRows(node: AstNode, ctx: HandlerContext): Outcome {
  if (node.intoClause) return createTableAs({ query: { SelectStmt: node }, into: node.intoClause, objtype: 'OBJECT_TABLE' }, ctx);
  const read = sources([node], undefined, ctx);
  const level = node.lockingClause ? 'ROW SHARE' : 'ACCESS SHARE';
  const locks = read.locks.map((l) => ({ ...l, level }) as const);
  // Only the select list: functions there are what a migration calls for their side effects.
  const calls = [...new Set(functionsIn(node.targetList))];
  if (calls.some((f) => SEQUENCE_WRITERS.has(f))) return { effect: 'data', objects: read.objects, locks, notes: ['changes a sequence value (setval/nextval)'] };
  const opaque = calls.filter((f) => !HARMLESS.has(f) && !isKnownStable(f));
  if (opaque.length > 0) {
    return { effect: 'unknown', objects: read.objects, locks, breaks: read.objects.map((o) => o.name), notes: [`calls ${opaque.join(', ')}(): what it does cannot be known offline`] };
  }
  return { effect: 'neutral', objects: read.objects, locks };
}

const WRITERS: Record<WriteKind, (node: AstNode, ctx: HandlerContext) => Outcome> = { InsertStmt: insertRows, UpdateStmt: updateRows, DeleteStmt: removeRows, MergeStmt: mergeRows };

/**
 * A data-modifying CTE (`WITH gone AS (DELETE FROM jobs RETURNING id) SELECT count(*) FROM gone`)
 * changes rows as part of the statement around it: its outcome joins the statement's.
 */
function withCteWrites(handler: (node: AstNode, ctx: HandlerContext) => Outcome) {
  return (node: AstNode, ctx: HandlerContext): Outcome => {
    const own = handler(node, ctx);
    if (!node.withClause) return own;
    const writes = cteWrites(node.withClause);
    return writes.length === 0 ? own : combine([own, ...writes.map((w) => WRITERS[w.kind](w.node, ctx))]);
  };
}

export const insert = withCteWrites(insertRows);
export const update = withCteWrites(updateRows);
export const deleteRows = withCteWrites(removeRows);
export const merge = withCteWrites(mergeRows);
export const select = withCteWrites(selectRows);
