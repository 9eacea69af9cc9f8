// Everything safe-migrate builds itself is quoted or bound (quality.md §3).
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A string literal that means the same under either `standard_conforming_strings` setting: a
 * value with a backslash becomes an `E'…'` literal with the backslash doubled.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('a PostgreSQL text value cannot contain a NUL character');
  const quoted = `'${value.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
  return value.includes('\\') ? `E${quoted}` : quoted;
}

/**
 * Our own parameterised SQL with its `$n` placeholders replaced by literals, so that several
 * of our writes can share one round trip (the simple protocol takes no parameters). Only for
 * SQL safe-migrate writes itself: it has no `$` inside string literals or dollar quotes.
 */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new Error(`placeholder $${n} has no parameter`);
    return literal(params[index]);
  });
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot inline the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return quoteLiteral(value);
  throw new Error(`cannot inline a ${typeof value} parameter`);
}
