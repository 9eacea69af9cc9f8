// The classifier could not tell what the statement does (DO blocks, dynamic SQL, statements it has
// no entry for). The gate treats such a statement as destructive (spec §4), so it needs a human
// review, recorded as an ignore with a reason.
import type { Rule } from '../types.js';
import { eachStatement } from './ast.js';

export const unknownStatement: Rule = {
  id: 'unknown-statement',
  description: 'safe-migrate cannot tell what this statement changes, so the gate treats it as destructive.',
  help: 'Write the change as plain SQL statements, or review it and add `-- safe-migrate-ignore unknown-statement -- <what it does>`.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      if (s.classification.effect !== 'unknown') return;
      const notes = s.classification.notes.length > 0 ? ` (${s.classification.notes.join('; ')})` : '';
      return { statementIndex: index, message: `safe-migrate cannot tell what this ${s.statement.kind} changes${notes}, so the gate treats it as destructive.` };
    });
  },
};
