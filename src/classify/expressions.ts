// Readers over expression and query ASTs: which columns an expression mentions (the columns a
// CHECK constrains), which relations a query reads (a view's or INSERT … SELECT's sources), and
// whether a default is volatile (volatile defaults make ADD COLUMN rewrite the table).
import { walk, type AstNode } from '../sql/index.js';
import { strings } from './names.js';

/** Column names referenced in an expression (`a > b AND t.c IS NULL` → a, b, c), in order, once each. */
export function columnsIn(expr: unknown): string[] {
  const columns = new Set<string>();
  walk(expr, (key, value) => {
    if (key !== 'ColumnRef') return;
    const fields = strings((value as AstNode).fields);
    const last = fields[fields.length - 1];
    if (last) columns.add(last);
  });
  return [...columns];
}

/**
 * The relations a query or statement reads (`RangeVar` nodes), skipping references to its own
 * CTEs (`WITH x AS (…) SELECT … FROM x`), which are not schema objects.
 */
export function relationsIn(node: unknown): AstNode[] {
  const ctes = new Set<string>();
  const found: AstNode[] = [];
  walk(node, (key, value) => {
    if (!value || typeof value !== 'object') return;
    if (key === 'CommonTableExpr') ctes.add((value as AstNode).ctename);
    else if (key === 'RangeVar') found.push(value as AstNode);
  });
  return found.filter((rangeVar) => rangeVar.schemaname || !ctes.has(rangeVar.relname));
}

/** Names (last part, lower case) of the functions an expression calls. */
export function functionsIn(expr: unknown): string[] {
  const names: string[] = [];
  walk(expr, (key, value) => {
    if (key !== 'FuncCall') return;
    const parts = strings((value as AstNode).funcname);
    const last = parts[parts.length - 1];
    if (last) names.push(last.toLowerCase());
  });
  return names;
}

// Built-in VOLATILE functions seen in defaults. now()/CURRENT_TIMESTAMP are STABLE: PostgreSQL
// evaluates them once for ADD COLUMN, so they do not rewrite. User-defined functions cannot be
// judged offline (CREATE FUNCTION defaults to VOLATILE): they get a note, not a rewrite.
const VOLATILE = new Set([
  'random', 'random_normal', 'clock_timestamp', 'timeofday', 'gen_random_uuid', 'uuidv4', 'uuidv7',
  'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'nextval', 'setval', 'txid_current',
  'pg_current_xact_id', 'gen_random_bytes', 'gen_salt',
]);

const KNOWN_STABLE = new Set([
  'now', 'transaction_timestamp', 'statement_timestamp', 'current_setting', 'to_jsonb', 'to_json',
  'jsonb_build_object', 'json_build_object', 'jsonb_build_array', 'json_build_array', 'array', 'lower', 'upper',
  'coalesce', 'concat', 'timezone', 'make_interval', 'date_trunc', 'to_timestamp', 'length', 'md5', 'substring',
  'btrim', 'trim', 'replace', 'format', 'extract', 'date_part', 'make_date', 'make_timestamp', 'make_timestamptz',
]);

/** A built-in function known not to change anything (STABLE or IMMUTABLE). */
export function isKnownStable(name: string): boolean {
  return KNOWN_STABLE.has(name);
}

export interface Volatility {
  /** Calls a known volatile function: each row gets its own value, so ADD COLUMN rewrites. */
  volatile: boolean;
  /** Functions whose volatility cannot be known offline. */
  unknown: string[];
}

export function volatility(expr: unknown): Volatility {
  const calls = functionsIn(expr);
  return {
    volatile: calls.some((name) => VOLATILE.has(name)),
    unknown: calls.filter((name) => !VOLATILE.has(name) && !KNOWN_STABLE.has(name)),
  };
}
