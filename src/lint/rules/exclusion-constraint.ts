// An exclusion constraint builds its index under ACCESS EXCLUSIVE and, unlike UNIQUE, cannot be
// attached from an index built CONCURRENTLY. On an existing table there is no lock-safe way to add
// it. New tables are exempt.
import type { Rule } from '../types.js';
import { addedConstraints, eachStatement, isNewTable } from './ast.js';

export const exclusionConstraint: Rule = {
  id: 'exclusion-constraint',
  description: 'Adding an exclusion constraint to an existing table builds its index under an ACCESS EXCLUSIVE lock, and there is no concurrent alternative.',
  help: 'Define exclusion constraints when the table is created, or enforce the rule another way (e.g. a trigger); if you must add one, do it in a maintenance window and ignore this finding with that reason.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const constraints = addedConstraints(s, context.defaultSchema);
      if (constraints.length === 0) return;
      const added = constraints.filter(
        (c) => c.how === 'add-constraint' && c.constraint.contype === 'CONSTR_EXCLUSION' && !isNewTable(context, c.table, index),
      );
      if (added.length === 0) return;
      return { statementIndex: index, message: `Adding an exclusion constraint to ${added[0]!.table} builds its index under an ACCESS EXCLUSIVE lock, with no concurrent alternative.` };
    });
  },
};
