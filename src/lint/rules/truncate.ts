// TRUNCATE empties tables that both colours read and write, in a migration nobody can roll back
// from (a down cannot bring the rows back). New tables are exempt.
import type { Rule } from '../types.js';
import { eachStatement, isNewTable, relationName } from './ast.js';

export const truncate: Rule = {
  id: 'truncate',
  description: 'TRUNCATE deletes every row of a table that live and idle colours still use, and no down migration can restore them.',
  help: 'Stop using the table first and drop it in a later release, or delete the rows you mean to remove in batches with a WHERE clause.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      if (s.statement.kind !== 'TruncateStmt') return;
      const tables = (s.statement.node.relations ?? [])
        .map((r: { RangeVar: object }) => relationName(r.RangeVar, context.defaultSchema))
        .filter((table: string) => !isNewTable(context, table, index));
      if (tables.length === 0) return;
      return { statementIndex: index, message: `TRUNCATE deletes every row of ${tables.join(', ')}, which live and idle colours still use.` };
    });
  },
};
