// Reading `safe-migrate backfill` input (spec §7.8), pure apart from the loaded parser.
// The table, the SET assignment and the WHERE condition are each parsed with PostgreSQL's own
// grammar inside a statement we build around them, and must come back as exactly that
// statement with nothing added: one relation, one `column = expression`, one condition. So a
// `--set "x = 1; DROP TABLE t"` or a `--where "true ORDER BY 1"` is refused before anything runs.
import { SafeMigrateError } from '../errors.js';
import { quoteIdent } from '../db/quote.js';
import { parseSql, type AstNode, type SqlStatement } from '../sql/index.js';

export const DEFAULT_BATCH_SIZE = 1000;
export const DEFAULT_PAUSE_MS = 50;
/** One batch is one short transaction; more rows than this per batch holds row locks too long. */
const MAX_BATCH_SIZE = 1_000_000;

export interface BackfillRequest {
  schema: string;
  table: string;
  column: string;
  /** `schema.table.column`: the ledger object, the progress row's key and the lock's name. */
  target: string;
  /** The assignment as the user wrote it (trimmed), e.g. `c = v * 2`. */
  setSql: string;
  /** The condition as written, or the default `"c" IS NULL`. */
  whereSql: string;
  defaultWhere: boolean;
  batchSize: number;
  pauseMs: number;
}

export interface RequestInput {
  table: string;
  set: string;
  where?: string;
  batchSize?: number;
  pauseMs?: number;
}

/** Validates everything that needs no database. Throws SafeMigrateError (usage) for bad input. */
export function readRequest(input: RequestInput, defaultSchema: string): BackfillRequest {
  const { schema, table } = parseTable(input.table, defaultSchema);
  const { column, sql: setSql } = parseSet(input.set);
  const defaultWhere = input.where === undefined;
  const whereSql = defaultWhere ? `${quoteIdent(column)} IS NULL` : parseWhere(input.where!);
  return {
    schema,
    table,
    column,
    target: `${schema}.${table}.${column}`,
    setSql,
    whereSql,
    defaultWhere,
    batchSize: checkBatchSize(input.batchSize ?? DEFAULT_BATCH_SIZE),
    pauseMs: checkPause(input.pauseMs ?? DEFAULT_PAUSE_MS),
  };
}

/** `table`, `schema.table`, quoted parts allowed; unquoted names fold to lower case as in SQL. */
export function parseTable(text: string, defaultSchema: string): { schema: string; table: string } {
  const bad = (why: string) => usage(`"${oneLine(text)}" is not a table name: ${why}`, 'give the table as schema.table, e.g. public.users');
  const statement = parseOne(`SELECT FROM ${text}`, bad);
  if (statement.kind !== 'SelectStmt' || !onlyKeys(statement.node, ['fromClause', 'limitOption', 'op']) || !plainSelect(statement.node)) throw bad('it is not a plain relation name');
  const from = statement.node.fromClause as AstNode[];
  const range = from.length === 1 ? from[0]!.RangeVar : undefined;
  if (!range || range.alias || range.catalogname || range.inh === false) throw bad('it is not a plain relation name');
  return { schema: range.schemaname ?? defaultSchema, table: range.relname };
}

/** `column = expression`: exactly one assignment, to a whole column, with nothing after it. */
export function parseSet(text: string): { column: string; sql: string } {
  const bad = (why: string) => usage(`--set "${oneLine(text)}" ${why}`, 'write one assignment, e.g. --set "total = price * quantity"');
  if (text.trim() === '') throw bad('is empty');
  const prefix = 'UPDATE __t SET\n';
  const statement = parseOne(`${prefix}${text}\n`, bad);
  if (statement.kind !== 'UpdateStmt' || !onlyKeys(statement.node, ['relation', 'targetList'])) throw bad('must be only a SET list: no WHERE, FROM or RETURNING');
  const targets = statement.node.targetList as AstNode[];
  if (targets.length !== 1) throw bad(`assigns ${targets.length} columns; a backfill fills one column`);
  const target = targets[0]!.ResTarget as AstNode;
  if (target.indirection) throw bad('assigns part of a column (an array element or a field); assign the whole column');
  if (target.val?.MultiAssignRef) throw bad('is a multi-column assignment; a backfill fills one column');
  // The statement's own text drops a trailing `;` (and anything after it).
  return { column: target.name as string, sql: statement.sql.slice(prefix.length).trim() };
}

/** One boolean condition, as in a WHERE clause, with nothing after it. */
export function parseWhere(text: string): string {
  const bad = (why: string) => usage(`--where "${oneLine(text)}" ${why}`, 'write one condition, e.g. --where "total IS NULL AND created_at < now()"');
  if (text.trim() === '') throw bad('is empty');
  const prefix = 'SELECT FROM __t WHERE\n';
  const statement = parseOne(`${prefix}${text}\n`, bad);
  if (statement.kind !== 'SelectStmt' || !onlyKeys(statement.node, ['fromClause', 'whereClause', 'limitOption', 'op']) || !plainSelect(statement.node) || !statement.node.whereClause) {
    throw bad('must be only a condition: no ORDER BY, LIMIT, GROUP BY, UNION or FOR UPDATE');
  }
  return statement.sql.slice(prefix.length).trim();
}

/**
 * Checks a statement we assembled from the fragments parses as exactly one statement of the
 * expected kind: the last line of defence against a fragment that changes its surroundings.
 */
export function assertAssembled(sql: string, kind: string): void {
  const parsed = parseSql(sql);
  if (parsed.error || parsed.statements.length !== 1 || parsed.statements[0]!.kind !== kind) {
    throw usage(`the --set/--where fragments do not fit into one ${kind} (${parsed.error?.message ?? `${parsed.statements.length} statements`})`, 'pass one assignment and one condition');
  }
}

function parseOne(sql: string, bad: (why: string) => SafeMigrateError): SqlStatement {
  const parsed = parseSql(sql);
  if (parsed.error) throw bad(`does not parse: ${parsed.error.message}`);
  if (parsed.statements.length !== 1) throw bad(`is ${parsed.statements.length} statements, not one fragment`);
  return parsed.statements[0]!;
}

function onlyKeys(node: AstNode, allowed: string[]): boolean {
  return Object.keys(node).every((key) => allowed.includes(key));
}

function plainSelect(node: AstNode): boolean {
  return (node.op ?? 'SETOP_NONE') === 'SETOP_NONE' && (node.limitOption ?? 'LIMIT_OPTION_DEFAULT') === 'LIMIT_OPTION_DEFAULT';
}

function checkBatchSize(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_BATCH_SIZE) throw usage(`--batch-size must be a whole number from 1 to ${MAX_BATCH_SIZE.toLocaleString('en-US')}, got ${n}`, 'the default is 1000');
  return n;
}

function checkPause(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw usage(`--pause must be a duration ≥ 0, got ${ms}`, 'e.g. --pause 50ms');
  return ms;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

function usage(message: string, hint: string): SafeMigrateError {
  return new SafeMigrateError('usage', message, { hint });
}
