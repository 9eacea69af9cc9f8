// ADD COLUMN with a constant (or stable, like now()) default is metadata-only since PostgreSQL 11.
// A volatile default — random(), gen_random_uuid(), clock_timestamp(), nextval() and therefore
// serial and identity columns — must be computed per row, so the table is rewritten under ACCESS
// EXCLUSIVE. A function not known to be stable counts as volatile (CREATE FUNCTION's default). New tables are exempt.
import type { AstNode } from '../../sql/index.js';
import type { Rule } from '../types.js';
import { columnConstraints, definitionsOnExistingTables, eachStatement, strings, typeInfo, walk } from './ast.js';

/** Built-in functions that are immutable or stable, and so evaluated once for an ADD COLUMN default. */
const NOT_VOLATILE = new Set([
  'now', 'transaction_timestamp', 'statement_timestamp', 'current_date', 'current_timestamp', 'localtimestamp',
  'lower', 'upper', 'btrim', 'trim', 'concat', 'coalesce', 'nullif', 'greatest', 'least', 'length', 'abs', 'round',
  'to_jsonb', 'to_json', 'jsonb_build_object', 'jsonb_build_array', 'json_build_object', 'json_build_array',
  'array_fill', 'make_interval', 'make_date', 'make_timestamp', 'make_timestamptz', 'to_timestamp', 'to_date', 'timezone', 'date_trunc',
  'md5', 'encode', 'decode', 'replace', 'substring', 'left', 'right', 'format', 'int4range', 'int8range', 'tstzrange', 'daterange',
]);
const SERIAL = new Set(['serial', 'bigserial', 'smallserial']);

export const volatileDefault: Rule = {
  id: 'volatile-default',
  description: 'Adding a column with a volatile default (random(), gen_random_uuid(), clock_timestamp(), serial, identity) rewrites the whole table under an ACCESS EXCLUSIVE lock.',
  help: 'Add the column without a default (or with a constant one), set the volatile default with ALTER COLUMN … SET DEFAULT, and backfill existing rows in batches.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const volatile = definitionsOnExistingTables(context, s, index, 'add-column')
        .map((d) => ({ d, why: volatility(d.def) }))
        .filter((v): v is { d: typeof v.d; why: string } => v.why !== undefined);
      if (volatile.length === 0) return;
      const { d, why } = volatile[0]!;
      return { statementIndex: index, message: `Adding ${d.table}.${d.column} with ${why} rewrites the whole table under an ACCESS EXCLUSIVE lock.` };
    });
  },
};

/** Why the column's default is volatile, or undefined when it is not. */
function volatility(columnDef: AstNode): string | undefined {
  const type = typeInfo(columnDef.typeName).name;
  if (SERIAL.has(type)) return `type ${type} (a nextval() default)`;
  const constraints = columnConstraints(columnDef);
  if (constraints.some((c) => c.contype === 'CONSTR_IDENTITY')) return 'an identity (a nextval() default)';
  const expr = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
  let volatileCall: string | undefined;
  walk(expr, (key, value) => {
    if (key !== 'FuncCall' || volatileCall) return;
    const name = strings((value as AstNode).funcname).pop()?.toLowerCase() ?? '';
    if (!NOT_VOLATILE.has(name)) volatileCall = name;
  });
  return volatileCall ? `the volatile default ${volatileCall}()` : undefined;
}
