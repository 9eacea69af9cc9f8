// REINDEX without CONCURRENTLY blocks writes to the table (and reads that would use the index)
// for the whole rebuild. REINDEX SYSTEM cannot run concurrently and is not flagged.
import type { Rule } from '../types.js';
import { eachStatement, hasOption, isNewTable, relationName } from './ast.js';

export const requireConcurrentReindex: Rule = {
  id: 'require-concurrent-reindex',
  description: 'REINDEX without CONCURRENTLY blocks writes to the table, and reads that use the index, for the whole rebuild.',
  help: 'Use REINDEX … CONCURRENTLY (PostgreSQL 12+); safe-migrate runs it as its own step outside the transaction.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const { kind, node } = s.statement;
      if (kind !== 'ReindexStmt' || node.kind === 'REINDEX_OBJECT_SYSTEM' || hasOption(node.params, 'concurrently')) return;
      const target = node.relation ? relationName(node.relation, context.defaultSchema) : node.name;
      if (node.kind === 'REINDEX_OBJECT_TABLE' && target && isNewTable(context, target, index)) return;
      return { statementIndex: index, message: `REINDEX${target ? ` of ${target}` : ''} without CONCURRENTLY blocks writes for the whole rebuild.` };
    });
  },
};
