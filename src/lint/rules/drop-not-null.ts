// DROP NOT NULL is harmless going forward but not for the rollback target: once the new code
// writes NULLs, the idle colour's code, which assumes a value, reads them. It is also the first
// step of removing a required column, hence a warning. New tables and columns are exempt.
import type { Rule } from '../types.js';
import { alterCommandsOf, deployedColumns, eachStatement } from './ast.js';

export const dropNotNull: Rule = {
  id: 'drop-not-null',
  description: 'Dropping NOT NULL lets new code write NULLs that a live or idle colour still assumes can never appear.',
  help: 'Keep writing a value from every colour until no live or idle colour reads the column as required, or ignore this finding when the column is being retired.',
  defaultSeverity: 'warning',
  check(context) {
    return eachStatement(context, (s, index) => {
      const drops = alterCommandsOf(s, 'AT_DropNotNull');
      if (drops.length === 0) return;
      const columns = deployedColumns(context, s, index, drops);
      if (columns.length === 0) return;
      return { statementIndex: index, message: `Dropping NOT NULL on ${columns.join(', ')} lets new code write NULLs that a live or idle colour does not expect.` };
    });
  },
};
