// ADD UNIQUE / ADD PRIMARY KEY builds the index while holding ACCESS EXCLUSIVE on the table: no
// reads or writes for the whole build. Building the unique index CONCURRENTLY first and attaching it
// with USING INDEX makes the lock brief. New tables are exempt.
import type { Rule } from '../types.js';
import { addedConstraints, constraintColumns, eachStatement, isNewTable } from './ast.js';

export const uniqueWithoutIndex: Rule = {
  id: 'unique-without-index',
  description: 'Adding a UNIQUE or PRIMARY KEY constraint builds its index under an ACCESS EXCLUSIVE lock, blocking all reads and writes.',
  help: 'CREATE UNIQUE INDEX CONCURRENTLY first, then ALTER TABLE … ADD CONSTRAINT … UNIQUE (or PRIMARY KEY) USING INDEX.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const added = addedConstraints(s, context.defaultSchema);
      if (added.length === 0) return;
      const built = added.filter(
        (c) =>
          c.how !== 'create-table' &&
          (c.constraint.contype === 'CONSTR_UNIQUE' || c.constraint.contype === 'CONSTR_PRIMARY') &&
          !c.constraint.indexname &&
          !isNewTable(context, c.table, index),
      );
      if (built.length === 0) return;
      const c = built[0]!;
      const kind = c.constraint.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
      return { statementIndex: index, message: `Adding ${kind} (${constraintColumns(c).join(', ')}) on ${c.table} builds its index under an ACCESS EXCLUSIVE lock, blocking all reads and writes.` };
    });
  },
};
