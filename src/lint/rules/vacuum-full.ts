// VACUUM FULL rewrites the table into a new file under ACCESS EXCLUSIVE: no reads or writes until
// it finishes, and it needs room for a second copy.
import type { Rule } from '../types.js';
import { eachStatement, hasOption } from './ast.js';

export const vacuumFull: Rule = {
  id: 'vacuum-full',
  description: 'VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock, blocking all reads and writes until it finishes.',
  help: 'Use plain VACUUM, or reclaim space online with pg_repack or pg_squeeze outside the migration.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) =>
      s.statement.kind === 'VacuumStmt' && hasOption(s.statement.node.options, 'full') ? { statementIndex: index } : undefined,
    );
  },
};
