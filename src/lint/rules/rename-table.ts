// A rename is a drop of the old name plus a create of a new one in a single step: the colour
// running the old code loses the table at once. New tables are exempt.
import type { Rule } from '../types.js';
import { eachStatement, isNewTable, relationName } from './ast.js';

export const renameTable: Rule = {
  id: 'rename-table',
  description: 'Renaming a table breaks any live or idle colour that still uses the old name.',
  help: 'Create the new table (or an updatable view with the new name), write to both, backfill, switch reads, and drop the old name in a later release.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const { kind, node } = s.statement;
      if (kind !== 'RenameStmt' || node.renameType !== 'OBJECT_TABLE') return;
      const table = relationName(node.relation, context.defaultSchema);
      if (isNewTable(context, table, index)) return;
      return { statementIndex: index, message: `Renaming ${table} to ${node.newname} breaks any live or idle colour that still uses the old name.` };
    });
  },
};
