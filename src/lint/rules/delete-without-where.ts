// DELETE with no WHERE empties a table the colours use (and, in one transaction, row-locks all of
// it). A DELETE with a WHERE is ordinary data work. New tables are exempt.
import type { Rule } from '../types.js';
import { isNewTable, relationName } from './ast.js';

export const deleteWithoutWhere: Rule = {
  id: 'delete-without-where',
  description: 'DELETE without WHERE removes every row of a table that live and idle colours still use.',
  help: 'Add a WHERE clause that selects only the rows to remove, and delete large sets in batches.',
  defaultSeverity: 'error',
  check(context) {
    return context.statements.flatMap((s, index) => {
      const { kind, node } = s.statement;
      if (kind !== 'DeleteStmt' || node.whereClause) return [];
      const table = relationName(node.relation, context.defaultSchema);
      if (isNewTable(context, table, index)) return [];
      return [{ statementIndex: index, message: `DELETE without WHERE removes every row of ${table}, which live and idle colours still use.` }];
    });
  },
};
