// SET NOT NULL is a new write restriction: a colour whose code does not write the column yet
// inserts NULL and fails. It belongs to the third release of a rollout (spec §6.1), after both
// colours write the column. (Its lock cost is `set-not-null-needs-check`.) New tables are exempt.
import type { Rule } from '../types.js';
import { alterCommandsOf, eachStatement, isNewTable, relationName } from './ast.js';

export const setNotNull: Rule = {
  id: 'set-not-null',
  description: 'Making a column NOT NULL breaks inserts and updates from any live or idle colour that does not write the column.',
  help: 'Enforce NOT NULL only once both colours write the column and the NULLs are backfilled (`safe-migrate rollout status` shows dual-written), then ignore this finding with that reason.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const setNotNull = alterCommandsOf(s, 'AT_SetNotNull');
      if (setNotNull.length === 0) return;
      const table = relationName(s.statement.node.relation, context.defaultSchema);
      const columns = setNotNull.map((cmd) => `${table}.${cmd.name}`);
      if (isNewTable(context, table, index)) return;
      return { statementIndex: index, message: `Making ${columns.join(', ')} NOT NULL breaks writes from any live or idle colour that does not write it yet.` };
    });
  },
};
