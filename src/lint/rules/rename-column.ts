// RENAME COLUMN is destructive for the colour running the old code (spec §6.2): a rename is
// add-new + dual write + backfill + switch reads + remove-old, over several releases.
import type { Rule } from '../types.js';
import { eachStatement, isNewTable, relationName } from './ast.js';

export const renameColumn: Rule = {
  id: 'rename-column',
  description: 'Renaming a column breaks any live or idle colour that still uses the old name.',
  help: 'Add the new column, write to both, backfill, switch reads, and drop the old column in a later release once no colour references it.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const { kind, node } = s.statement;
      if (kind !== 'RenameStmt' || node.renameType !== 'OBJECT_COLUMN') return;
      const table = relationName(node.relation, context.defaultSchema);
      const column = `${table}.${node.subname}`;
      if (isNewTable(context, table, index) || context.columnAddedBefore(column, index)) return;
      return { statementIndex: index, message: `Renaming ${column} to ${node.newname} breaks any live or idle colour that still uses the old name.` };
    });
  },
};
