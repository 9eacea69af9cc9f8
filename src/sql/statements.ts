// Splits SQL text into statements with exact source locations and reads the
// comment directives around them. Locations are 1-based lines and columns in the
// *file*, so a section that starts on line 12 reports line 12 for its first token.
import { parseRaw, scanRaw, type AstNode } from './parser.js';
import { readDirectives, type Directive, type IgnoreDirective } from './directives.js';
import { needsOwnStep } from './transactional.js';

export interface SqlStatement {
  /** The statement's text, exactly as written, without the trailing `;`. */
  sql: string;
  /** Parser node name, e.g. `AlterTableStmt`. */
  kind: string;
  /** AST body under `kind`. */
  node: AstNode;
  line: number;
  column: number;
  endLine: number;
  /** False for statements PostgreSQL refuses inside a transaction block (CONCURRENTLY, VACUUM…). */
  transactional: boolean;
  /** `-- safe-migrate-ignore` comments that apply to this statement. */
  ignores: IgnoreDirective[];
}

export interface SqlSyntaxError {
  message: string;
  line: number;
  column: number;
}

export interface ParsedSql {
  statements: SqlStatement[];
  directives: Directive[];
  error?: SqlSyntaxError;
}

export interface ParseOptions {
  /** Line in the file on which `text` starts (1-based). */
  firstLine?: number;
}

/** Parses one section of a migration (its up or down SQL). Pure apart from the loaded parser. */
export function parseSql(text: string, options: ParseOptions = {}): ParsedSql {
  const bytes = Buffer.from(text, 'utf8');
  // Most migrations are ASCII: then byte offsets are string offsets, and nothing needs decoding.
  const ascii = bytes.length === text.length;
  const locate = locateIn(text, bytes, options.firstLine ?? 1);
  // Lexing a whole file costs as much as parsing it: only files that mention us can hold directives.
  const directives = text.includes('safe-migrate') ? readDirectives(scanRaw(text), locate) : [];
  const raw = parseRaw(text, bytes);
  if (raw.error) {
    const { line, column } = locate(raw.error.offset ?? 0);
    return { statements: [], directives, error: { message: raw.error.message, line, column } };
  }
  const statements = raw.statements.map((stmt, index) => {
    const start = skipComments(bytes, stmt.start, stmt.end);
    const sql = trimTrailing(ascii ? text.slice(start, stmt.end) : bytes.subarray(start, stmt.end).toString('utf8'));
    const previousEnd = index === 0 ? 0 : raw.statements[index - 1]!.end;
    const begin = locate(start);
    return {
      sql,
      kind: stmt.kind,
      node: stmt.node,
      line: begin.line,
      column: begin.column,
      endLine: locate(start + (ascii ? sql.length : Buffer.byteLength(sql, 'utf8'))).line,
      transactional: !needsOwnStep(stmt.kind, stmt.node),
      ignores: directives.filter(
        (d): d is IgnoreDirective => d.type === 'ignore' && d.offset >= previousEnd && d.offset < start,
      ),
    } satisfies SqlStatement;
  });
  return { statements, directives };
}

const TRAILING = /[\s;]/;

/** `sql` without trailing whitespace and semicolons (what `.replace(/[\s;]+$/, '')` does, without the regex's quadratic scan of long statements). */
function trimTrailing(sql: string): string {
  let end = sql.length;
  while (end > 0 && TRAILING.test(sql[end - 1]!)) end--;
  return end === sql.length ? sql : sql.slice(0, end);
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0c, 0x0b]);

/**
  * Where the statement really begins: past whitespace, line comments and (nested) block comments
 * from the parser offset. Byte-level, so no second lexing pass over the file is needed.
 */
export function skipComments(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    if (SPACE.has(bytes[i]!)) i++;
    else if (bytes[i] === 0x2d && bytes[i + 1] === 0x2d) {
      while (i < end && bytes[i] !== 0x0a) i++;
    } else if (bytes[i] === 0x2f && bytes[i + 1] === 0x2a) {
      let depth = 1;
      i += 2;
      while (i < end && depth > 0) {
        if (bytes[i] === 0x2f && bytes[i + 1] === 0x2a) (depth++, (i += 2));
        else if (bytes[i] === 0x2a && bytes[i + 1] === 0x2f) (depth--, (i += 2));
        else i++;
      }
    } else return i;
  }
  return start;
}

export type Locate = (byteOffset: number) => { line: number; column: number };

/** Maps UTF-8 byte offsets to 1-based line and (character) column. */
export function locator(text: string, firstLine: number): Locate {
  return locateIn(text, Buffer.from(text, 'utf8'), firstLine);
}

/** `locator` for a text already encoded (`bytes`). */
function locateIn(text: string, bytes: Buffer, firstLine: number): Locate {
  const lineStarts = [0];
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) lineStarts.push(i + 1);
  const ascii = bytes.length === text.length;
  return (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = lineStarts[lo]!;
    // In ASCII a character is a byte; otherwise count the characters the bytes decode to.
    const chars = ascii && offset >= lineStart && offset <= bytes.length ? offset - lineStart : bytes.subarray(lineStart, offset).toString('utf8').length;
    return { line: firstLine + lo, column: chars + 1 };
  };
}
