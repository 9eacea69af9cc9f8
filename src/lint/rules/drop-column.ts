// DROP COLUMN breaks every colour that still names the column (ORMs list every declared column in
// their SELECTs and INSERTs, so "not used" in the code is not enough). New tables and columns are exempt.
import type { Rule } from '../types.js';
import { alterCommandsOf, deployedColumns, eachStatement } from './ast.js';

export const dropColumn: Rule = {
  id: 'drop-column',
  description: 'Dropping a column breaks any live or idle colour that still reads or writes it.',
  help: 'Stop using the column in one release (`-- safe-migrate:deprecate`), and drop it in a later release once no live or idle colour references it.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const drops = alterCommandsOf(s, 'AT_DropColumn');
      if (drops.length === 0) return;
      const columns = deployedColumns(context, s, index, drops);
      if (columns.length === 0) return;
      return { statementIndex: index, message: `Dropping ${columns.join(', ')} breaks any live or idle colour that still reads or writes it.` };
    });
  },
};
