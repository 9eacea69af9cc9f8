// DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table: it waits
// behind every running query and blocks all reads and writes queued behind it. An index created
// earlier in the same section is exempt, and so is one on a table created in the set: the
// classifier knows each index's table from the files linted so far (`classification.lock.tables`).
import type { Rule } from '../types.js';
import { createdEarlierInSection, eachStatement, isNewTable, objectName } from './ast.js';

export const requireConcurrentIndexDrop: Rule = {
  id: 'require-concurrent-index-drop',
  description: 'DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table, blocking its reads and writes.',
  help: 'Use DROP INDEX CONCURRENTLY (one index per statement); safe-migrate runs it as its own step outside the transaction.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const { kind, node } = s.statement;
      if (kind !== 'DropStmt' || node.removeType !== 'OBJECT_INDEX' || node.concurrent) return;
      const names: string[] = (node.objects ?? []).map((o: object) => objectName(o, 'OBJECT_INDEX', context.defaultSchema));
      // An index the classifier cannot place is reported under its own name instead of a table.
      const tables = s.classification.lock.tables;
      if (tables.length > 0 && tables.every((t) => !names.includes(t) && isNewTable(context, t, index))) return;
      const indexes = names.filter((name) => !createdEarlierInSection(context, `index:${name}`, index));
      if (indexes.length === 0) return;
      return { statementIndex: index, message: `DROP INDEX ${indexes.join(', ')} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on its table, blocking reads and writes.` };
    });
  },
};
