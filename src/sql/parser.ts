// The only module that imports libpg-query (PostgreSQL's own parser, compiled to
// WebAssembly). Everything else sees plain data: statements with locations.
// Why libpg-query and nothing else: docs/decisions.md ("Parser").
import { loadModule, parseSync, scanSync, parsePlPgSQLSync } from 'libpg-query';

/** A raw AST node as libpg-query emits it (PostgreSQL 18 JSON shape). */
export type AstNode = Record<string, any>;

export interface RawStatement {
  /** Parser node name, e.g. `AlterTableStmt`. */
  kind: string;
  /** The node's body (the value under `kind`). */
  node: AstNode;
  /** Byte offset of the first token in the parsed text. */
  start: number;
  /** Byte offset just past the statement's last token (before any `;`). */
  end: number;
}

export interface RawToken {
  start: number;
  end: number;
  text: string;
  comment: boolean;
}

export interface RawSyntaxError {
  message: string;
  /** Byte offset of the error in the parsed text, when the parser knows it. */
  offset: number | undefined;
}

let loaded: Promise<void> | undefined;

/** Loads the WebAssembly parser once; every other function here needs it. */
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

/** Parses a whole text; statements carry byte offsets into it. */
export function parseRaw(text: string): { statements: RawStatement[]; error?: RawSyntaxError } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (text.trim() === '') return { statements: [] };
  let tree: { stmts?: Array<{ stmt?: AstNode; stmt_location?: number; stmt_len?: number }> };
  try {
    tree = parseSync(text) as typeof tree;
  } catch (error) {
    return { statements: [], error: toSyntaxError(error) };
  }
  const statements: RawStatement[] = [];
  for (const entry of tree.stmts ?? []) {
    // Offsets are omitted when 0; the last statement's length is omitted too.
    const start = entry.stmt_location ?? 0;
    const end = entry.stmt_len ? start + entry.stmt_len : bytes;
    const [kind, node] = Object.entries(entry.stmt ?? {})[0] ?? ['Unknown', {}];
    statements.push({ kind, node: node as AstNode, start, end });
  }
  return { statements };
}

/** Lexes a text into tokens (comments included), byte offsets. Empty when the lexer fails. */
export function scanRaw(text: string): RawToken[] {
  if (text.trim() === '') return [];
  try {
    const result = scanSync(text) as { tokens?: Array<{ start: number; end: number; text: string; tokenName: string }> };
    return (result.tokens ?? []).map((t) => ({
      start: t.start,
      end: t.end,
      text: t.text,
      comment: t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT',
    }));
  } catch {
    return [];
  }
}

/**
 * Parses the PL/pgSQL body of a `DO` block and returns the static SQL it runs,
 * plus whether it also runs dynamic SQL (`EXECUTE`), which nobody can classify offline.
 */
export function plpgsqlStatements(doStatementSql: string): { sql: string[]; dynamic: boolean; error?: string } {
  let tree: unknown;
  try {
    tree = parsePlPgSQLSync(doStatementSql);
  } catch (error) {
    return { sql: [], dynamic: false, error: (error as Error).message };
  }
  const sql: string[] = [];
  let dynamic = false;
  walk(tree, (key, value) => {
    if (key === 'PLpgSQL_stmt_dynexecute' || key === 'PLpgSQL_stmt_dynfors' || key === 'PLpgSQL_stmt_open') dynamic = true;
    if (key === 'PLpgSQL_stmt_execsql') {
      const query = (value as AstNode)?.sqlstmt?.PLpgSQL_expr?.query;
      if (typeof query === 'string') sql.push(query);
    }
  });
  return { sql, dynamic };
}

function walk(value: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      visit(key, child);
      walk(child, visit);
    }
  }
}

function toSyntaxError(error: unknown): RawSyntaxError {
  const e = error as { message?: string; sqlDetails?: { cursorPosition?: number; message?: string } };
  const message = e.sqlDetails?.message ?? e.message ?? String(error);
  return { message, offset: e.sqlDetails?.cursorPosition };
}
