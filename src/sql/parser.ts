// The only module that imports libpg-query (PostgreSQL's own parser, compiled to
// WebAssembly). Everything else sees plain data: statements with locations.
// Why libpg-query and nothing else: docs/decisions.md ("Parser").
//
// The Emscripten module is driven directly rather than through libpg-query's `parseSync`
// wrappers: those copy the SQL in and the JSON out one byte at a time in JavaScript (and load
// @pgsql/types on the way), which was a quarter of parsing time on the lint corpus (B4). Here the
// copies are native (the caller's UTF-8 bytes set into memory, indexOf(0), TextDecoder); the C
// entry points, their results and their error handling are the wrappers' own (libpg-query 18.1
// wasm/index.cjs).
import { createRequire } from 'node:module';
import { walk } from './walk.js';

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

/** The parts of libpg-query's Emscripten module used here (see its wasm/libpg-query.js). */
interface PgQueryModule {
  /** Views of the WebAssembly memory; replaced when the memory grows, so read them after each call. */
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _wasm_parse_query_raw(queryPtr: number): number;
  _wasm_free_parse_result(resultPtr: number): void;
  _wasm_parse_plpgsql(queryPtr: number): number;
  _wasm_scan(queryPtr: number): number;
  _wasm_free_string(ptr: number): void;
}

let loaded: Promise<void> | undefined;
let pg: PgQueryModule | undefined;

/** Loads the WebAssembly parser once; every other function here needs it. */
export function loadParser(): Promise<void> {
  loaded ??= instantiate().then((module) => {
    pg = module;
  });
  return loaded;
}

async function instantiate(): Promise<PgQueryModule> {
  // CommonJS without type declarations: required, not imported.
  const factory = createRequire(import.meta.url)('libpg-query/wasm/libpg-query.js') as () => Promise<PgQueryModule>;
  return factory();
}

function parser(): PgQueryModule {
  if (!pg) throw new Error('the SQL parser is not loaded: call loadParser() first');
  return pg;
}

/** A parse failure with the parser's error position (0-based byte offset), as libpg-query reports it. */
class ParseFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Parses a whole text (`bytes`: its UTF-8 encoding, when the caller has it); statements carry byte offsets into it. */
export function parseRaw(text: string, bytes: Uint8Array = Buffer.from(text, 'utf8')): { statements: RawStatement[]; error?: RawSyntaxError } {
  if (text.trim() === '') return { statements: [] };
  let tree: { stmts?: Array<{ stmt?: AstNode; stmt_location?: number; stmt_len?: number }> };
  try {
    tree = JSON.parse(parseJson(bytes)) as typeof tree;
  } catch (error) {
    return { statements: [], error: toSyntaxError(error) };
  }
  const statements: RawStatement[] = [];
  for (const entry of tree.stmts ?? []) {
    // Offsets are omitted when 0; the last statement's length is omitted too.
    const start = entry.stmt_location ?? 0;
    const end = entry.stmt_len ? start + entry.stmt_len : bytes.length;
    const [kind, node] = Object.entries(entry.stmt ?? {})[0] ?? ['Unknown', {}];
    statements.push({ kind, node: node as AstNode, start, end });
  }
  return { statements };
}

/** The parse tree of a UTF-8 text as libpg-query's JSON text; throws a ParseFailure on a syntax error. */
function parseJson(bytes: Uint8Array): string {
  const module = parser();
  const queryPtr = toWasm(module, bytes);
  let resultPtr = 0;
  try {
    resultPtr = module._wasm_parse_query_raw(queryPtr);
    if (!resultPtr) throw new Error('Failed to parse query: memory allocation failed');
    // PgQueryParseResult { char *parse_tree; char *stderr_buffer; PgQueryError *error; }
    const words = module.HEAPU32;
    const treePtr = words[resultPtr >> 2]!;
    const errorPtr = words[(resultPtr + 8) >> 2]!;
    if (errorPtr) {
      // PgQueryError { char *message; char *funcname; char *filename; int lineno; int cursorpos; }
      const messagePtr = words[errorPtr >> 2]!;
      const cursor = words[(errorPtr + 16) >> 2]! | 0;
      throw new ParseFailure(messagePtr ? fromWasm(module, messagePtr) : 'Unknown error', cursor > 0 ? cursor - 1 : 0);
    }
    if (!treePtr) throw new Error('No parse tree generated');
    return fromWasm(module, treePtr);
  } finally {
    module._free(queryPtr);
    if (resultPtr) module._wasm_free_parse_result(resultPtr);
  }
}

/** Lexes a text into tokens (comments included), byte offsets. Empty when the lexer fails. */
export function scanRaw(text: string): RawToken[] {
  if (text.trim() === '') return [];
  try {
    const json = callForString('_wasm_scan', text);
    if (json.startsWith('syntax error') || json.startsWith('deparse error') || json.startsWith('ERROR')) return [];
    const result = JSON.parse(json) as { tokens?: Array<{ start: number; end: number; text: string; tokenName: string }> };
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
    const json = callForString('_wasm_parse_plpgsql', doStatementSql);
    // Success is always a JSON object; anything else is an error message.
    if (!json.startsWith('{')) throw new Error(json);
    tree = JSON.parse(json);
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

/** Calls a libpg-query entry point that takes a C string and returns one it allocated. */
function callForString(entry: '_wasm_scan' | '_wasm_parse_plpgsql', text: string): string {
  const module = parser();
  const queryPtr = toWasm(module, encoder.encode(text));
  let resultPtr = 0;
  try {
    resultPtr = module[entry](queryPtr);
    return fromWasm(module, resultPtr);
  } finally {
    module._free(queryPtr);
    if (resultPtr) module._wasm_free_string(resultPtr);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Copies UTF-8 bytes into WebAssembly memory as a NUL-terminated string; the caller frees it. */
function toWasm(module: PgQueryModule, bytes: Uint8Array): number {
  const ptr = module._malloc(bytes.length + 1);
  // Read the view after malloc: growing the memory replaces it.
  const heap = module.HEAPU8;
  heap.set(bytes, ptr);
  heap[ptr + bytes.length] = 0;
  return ptr;
}

/** Reads a NUL-terminated UTF-8 string out of WebAssembly memory. */
function fromWasm(module: PgQueryModule, ptr: number): string {
  if (!ptr) return '';
  const heap = module.HEAPU8;
  return decoder.decode(heap.subarray(ptr, heap.indexOf(0, ptr)));
}

function toSyntaxError(error: unknown): RawSyntaxError {
  if (error instanceof ParseFailure) return { message: error.message, offset: error.offset };
  return { message: (error as Error)?.message ?? String(error), offset: undefined };
}
