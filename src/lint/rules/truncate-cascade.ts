// TRUNCATE … CASCADE also empties every table with a foreign key to the named ones, recursively —
// tables the statement does not name and the author may not know about.
import type { Rule } from '../types.js';
import { eachStatement } from './ast.js';

export const truncateCascade: Rule = {
  id: 'truncate-cascade',
  description: 'TRUNCATE … CASCADE also empties every table that references the named tables, including ones the statement does not name.',
  help: 'Name every table to empty explicitly, without CASCADE, so the statement fails instead of reaching further than intended.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) =>
      s.statement.kind === 'TruncateStmt' && s.statement.node.behavior === 'DROP_CASCADE' ? { statementIndex: index } : undefined,
    );
  },
};
