// DROP DEFAULT: the colour running the old code omits the column and relied on the default; now it
// gets NULL, or a NOT NULL violation. New tables and columns are exempt.
import type { Rule } from '../types.js';
import { alterCommands, deployedColumns, eachStatement } from './ast.js';

export const dropDefault: Rule = {
  id: 'drop-default',
  description: 'Dropping a column default breaks inserts from any live or idle colour that relies on the default (NULL instead, or a NOT NULL violation).',
  help: 'Make every colour write the column explicitly first, and drop the default in a later release once no colour relies on it.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const drops = alterCommands(s).filter((cmd) => cmd.subtype === 'AT_ColumnDefault' && cmd.def === undefined);
      if (drops.length === 0) return;
      const columns = deployedColumns(context, s, index, drops);
      if (columns.length === 0) return;
      return { statementIndex: index, message: `Dropping the default of ${columns.join(', ')} breaks inserts from any live or idle colour that relies on it.` };
    });
  },
};
