// The row-changing statements inside one statement: itself, and the data-modifying CTEs of its
// WITH clause (`WITH moved AS (DELETE FROM jobs RETURNING *) INSERT INTO archive SELECT …`),
// which PostgreSQL runs as part of it. Pure, over the parse tree.
import type { AstNode } from './parser.js';

export type WriteKind = 'InsertStmt' | 'UpdateStmt' | 'DeleteStmt' | 'MergeStmt';

const WRITE_KINDS = new Set<string>(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

export interface RowWrite {
  kind: WriteKind;
  node: AstNode;
}

/** Row writes of the CTEs in `withClause`, nested WITH clauses included, in source order. */
export function cteWrites(withClause: AstNode | undefined): RowWrite[] {
  const writes: RowWrite[] = [];
  for (const cte of (withClause?.ctes ?? []) as AstNode[]) {
    const query = cte.CommonTableExpr?.ctequery as AstNode | undefined;
    const kind = query ? Object.keys(query)[0] : undefined;
    if (!kind) continue;
    const node = query![kind] as AstNode;
    writes.push(...cteWrites(node.withClause));
    if (WRITE_KINDS.has(kind)) writes.push({ kind: kind as WriteKind, node });
  }
  return writes;
}

/** The statement itself when it writes rows, and every data-modifying CTE in it. */
export function rowWrites(kind: string, node: AstNode): readonly RowWrite[] {
  const own: readonly RowWrite[] = WRITE_KINDS.has(kind) ? [{ kind: kind as WriteKind, node }] : NONE;
  // Most statements have no WITH clause: no copy (lint calls this for every statement).
  return node.withClause ? [...cteWrites(node.withClause), ...own] : own;
}

const NONE: readonly RowWrite[] = Object.freeze([]);
