// Adding a CHECK or FOREIGN KEY constraint validates every existing row while holding the lock
// (ACCESS EXCLUSIVE for CHECK; SHARE ROW EXCLUSIVE on both tables for a foreign key), so writes
// wait for a full scan. NOT VALID skips the scan; VALIDATE CONSTRAINT later scans under a lock that
// lets writes through. New tables are exempt.
import type { Rule } from '../types.js';
import { addedConstraints, eachStatement, isNewTable } from './ast.js';

const SCANNED: Record<string, string> = { CONSTR_CHECK: 'CHECK', CONSTR_FOREIGN: 'FOREIGN KEY' };

export const constraintMissingNotValid: Rule = {
  id: 'constraint-missing-not-valid',
  description: 'Adding a CHECK or FOREIGN KEY constraint without NOT VALID scans the whole table while blocking its writes.',
  help: 'Add the constraint with NOT VALID, then run ALTER TABLE … VALIDATE CONSTRAINT in a later migration.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const added = addedConstraints(s, context.defaultSchema);
      if (added.length === 0) return;
      const scanned = added.filter(
        (c) => c.how !== 'create-table' && SCANNED[c.constraint.contype] && !c.constraint.skip_validation && !isNewTable(context, c.table, index),
      );
      if (scanned.length === 0) return;
      const first = scanned[0]!;
      const what = `${SCANNED[first.constraint.contype]} constraint${first.constraint.conname ? ` ${first.constraint.conname}` : ''} on ${first.table}`;
      return first.how === 'add-column'
        ? {
            statementIndex: index,
            message: `Adding column ${first.table}.${first.column} with a ${what.replace(` on ${first.table}`, '')} scans the whole table while blocking its writes.`,
            help: 'Add the column without the constraint, then add the constraint as a table constraint with NOT VALID and validate it in a later migration.',
          }
        : { statementIndex: index, message: `Adding ${what} without NOT VALID scans the whole table while blocking its writes.` };
    });
  },
};
