// ALTER COLUMN … TYPE rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE, except
// for binary-compatible widenings that only change the catalog: varchar(n) → varchar(m ≥ n),
// varchar → text or unbounded varchar, numeric(p,s) → numeric(p' ≥ p, s) or unbounded numeric.
// When this section defines the column, its current type is read from the AST here; otherwise the
// classifier decides (`classification.rewrite`): it knows types from earlier files of the set and
// assumes a rewrite when the type is unknown offline. A USING clause is treated as a rewrite. New tables are exempt.
import type { Rule, RuleContext } from '../types.js';
import { columnDefinitions, definitionsOnExistingTables, eachStatement, type TypeInfo, typeInfo } from './ast.js';

export const tableRewriteTypeChange: Rule = {
  id: 'table-rewrite-type-change',
  description: 'Changing a column type rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock, unless it is a binary-compatible widening.',
  help: 'Add a column of the new type, fill it with a trigger and a batched backfill, and switch over in later releases; or keep to safe widenings (varchar(n) → varchar(m > n), varchar → text, numeric(p,s) → numeric(p\' > p,s)).',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      return definitionsOnExistingTables(context, s, index, 'alter-type')
        .filter((d) => {
          if (d.def.raw_default !== undefined) return true;
          const before = previousType(context, index, d.table, d.column);
          return before ? !isSafeCast(before, typeInfo(d.def.typeName)) : s.classification.rewrite;
        })
        .map((d) => ({
          statementIndex: index,
          message: `Changing ${d.table}.${d.column} to ${format(typeInfo(d.def.typeName))} rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock.`,
        }))
        .slice(0, 1);
    });
  },
};

/** The column's type as last defined earlier in this section, if it was. */
function previousType(context: RuleContext, index: number, table: string, column: string): TypeInfo | undefined {
  let found: TypeInfo | undefined;
  for (const s of context.statements.slice(0, index)) {
    for (const d of columnDefinitions(s, context.defaultSchema)) if (d.table === table && d.column === column) found = typeInfo(d.def.typeName);
  }
  return found;
}

const STRING = new Set(['varchar', 'text']);

/** Whether `from → to` is a catalog-only change (no rewrite). */
export function isSafeCast(from: TypeInfo, to: TypeInfo): boolean {
  if (to.array || from.array) return from.name === to.name && sameMods(from, to);
  if (to.name === 'text' || (to.name === 'varchar' && to.mods.length === 0)) return STRING.has(from.name);
  if (to.name === 'varchar') return from.name === 'varchar' && from.mods.length > 0 && from.mods[0]! <= to.mods[0]!;
  if (to.name === 'numeric') {
    if (from.name !== 'numeric') return false;
    if (to.mods.length === 0) return true;
    return from.mods.length > 0 && from.mods[0]! <= to.mods[0]! && (from.mods[1] ?? 0) === (to.mods[1] ?? 0);
  }
  return from.name === to.name && sameMods(from, to);
}

function sameMods(a: TypeInfo, b: TypeInfo): boolean {
  return a.mods.join(',') === b.mods.join(',');
}

function format(type: TypeInfo): string {
  return `${type.name}${type.mods.length ? `(${type.mods.join(',')})` : ''}${type.array ? '[]' : ''}`;
}
