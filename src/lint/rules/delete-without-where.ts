// DELETE with no WHERE empties a table the colours use (and, in one transaction, row-locks all of
// it). A DELETE with a WHERE is ordinary data work. New tables are exempt.
import { rowWrites } from '../../sql/index.js';
import type { Rule } from '../types.js';
import { eachStatement, isNewTable, relationName } from './ast.js';

export const deleteWithoutWhere: Rule = {
  id: 'delete-without-where',
  description: 'DELETE without WHERE removes every row of a table that live and idle colours still use.',
  help: 'Add a WHERE clause that selects only the rows to remove, and delete large sets in batches.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      // Also a DELETE in a CTE: `WITH gone AS (DELETE FROM jobs RETURNING *) INSERT INTO archive …`.
      const tables = rowWrites(s.statement.kind, s.statement.node)
        .filter((w) => w.kind === 'DeleteStmt' && !w.node.whereClause)
        .map((w) => relationName(w.node.relation, context.defaultSchema))
        .filter((table) => !isNewTable(context, table, index));
      if (tables.length === 0) return;
      return { statementIndex: index, message: `DELETE without WHERE removes every row of ${tables.join(', ')}, which live and idle colours still use.` };
    });
  },
};
