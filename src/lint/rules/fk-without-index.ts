// PostgreSQL indexes the referenced side of a foreign key, never the referencing side. Without an
// index on the referencing columns, every DELETE or key UPDATE on the parent scans the child table
// (under lock), and joins along the key cannot use an index. Only indexes and keys defined in the
// same section are visible offline, so an index from an earlier migration cannot be seen (warning).
import type { AstNode } from '../../sql/index.js';
import type { LintStatement, Rule, RuleContext } from '../types.js';
import { addedConstraints, constraintColumns, eachStatement, relationName, strings } from './ast.js';

export const fkWithoutIndex: Rule = {
  id: 'fk-without-index',
  description: 'A foreign key without an index on its referencing columns makes every delete or key update on the referenced table scan the referencing table.',
  help: 'Create an index whose leading columns are the foreign key columns (CONCURRENTLY on an existing table), in the same migration.',
  defaultSeverity: 'warning',
  check(context) {
    const indexed = indexedColumnLists(context);
    return eachStatement(context, (s, index) => {
      const added = addedConstraints(s, context.defaultSchema);
      if (added.length === 0) return;
      const missing = added
        .filter((c) => c.constraint.contype === 'CONSTR_FOREIGN')
        .filter((c) => !isCovered(indexed.get(c.table) ?? [], constraintColumns(c)));
      if (missing.length === 0) return;
      const c = missing[0]!;
      return { statementIndex: index, message: `The foreign key on ${c.table} (${constraintColumns(c).join(', ')}) has no index on those columns, so deletes and key updates on the referenced table scan ${c.table}.` };
    });
  },
};

/** Per table, the column lists of every index, primary key and unique constraint defined in the section. */
function indexedColumnLists(context: RuleContext): Map<string, string[][]> {
  const lists = new Map<string, string[][]>();
  const add = (table: string, columns: string[]) => lists.set(table, [...(lists.get(table) ?? []), columns]);
  context.statements.forEach((s: LintStatement) => {
    const { kind, node } = s.statement;
    if (kind === 'IndexStmt' && !node.whereClause) {
      add(relationName(node.relation, context.defaultSchema), (node.indexParams ?? []).map((p: AstNode) => p.IndexElem?.name ?? '(expression)'));
    }
    for (const c of addedConstraints(s, context.defaultSchema)) {
      if (c.constraint.contype === 'CONSTR_PRIMARY' || c.constraint.contype === 'CONSTR_UNIQUE') {
        add(c.table, strings(c.constraint.keys).length ? strings(c.constraint.keys) : constraintColumns(c));
      }
    }
  });
  return lists;
}

/** An index serves the foreign key when its leading columns are exactly the key's columns, in any order. */
function isCovered(indexes: string[][], columns: string[]): boolean {
  return indexes.some((list) => {
    const leading = new Set(list.slice(0, columns.length));
    return columns.length > 0 && columns.every((c) => leading.has(c));
  });
}
