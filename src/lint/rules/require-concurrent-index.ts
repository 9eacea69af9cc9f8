// CREATE INDEX without CONCURRENTLY holds a SHARE lock on the table for the whole build: every
// INSERT, UPDATE and DELETE from both colours waits. An index on a table created earlier in the
// section or set is exempt (nobody writes to it yet).
import type { Rule } from '../types.js';
import { eachStatement, isNewTable, relationName } from './ast.js';

export const requireConcurrentIndex: Rule = {
  id: 'require-concurrent-index',
  description: 'CREATE INDEX without CONCURRENTLY blocks all writes to the table while the index is built.',
  help: 'Use CREATE INDEX CONCURRENTLY; safe-migrate runs it as its own step outside the transaction.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const { kind, node } = s.statement;
      if (kind !== 'IndexStmt' || node.concurrent) return;
      const table = relationName(node.relation, context.defaultSchema);
      if (isNewTable(context, table, index)) return;
      return { statementIndex: index, message: `CREATE INDEX without CONCURRENTLY blocks all writes to ${table} while the index is built.` };
    });
  },
};
