// ADD CONSTRAINT … NOT VALID takes a strong lock (ACCESS EXCLUSIVE for CHECK) that lasts until the
// transaction ends. A VALIDATE CONSTRAINT in the same transaction therefore scans the table while
// that lock is still held, which is exactly what NOT VALID was meant to avoid. A safe-migrate
// migration is one transaction (spec §7.3), so the validate must go into a later migration.
import type { Rule } from '../types.js';
import { addedConstraints, alterCommandsOf, eachStatement, relationName, transactionGroups } from './ast.js';

export const validateInSameTransaction: Rule = {
  id: 'validate-in-same-transaction',
  description: 'Validating a constraint in the same transaction that added it NOT VALID scans the table while still holding the lock from the ADD.',
  help: 'Move ALTER TABLE … VALIDATE CONSTRAINT into a later migration so it runs in its own transaction.',
  defaultSeverity: 'error',
  check(context) {
    const groups = transactionGroups(context);
    const addedIn = new Map<string, number | undefined>();
    return eachStatement(context, (s, index) => {
      const validated = alterCommandsOf(s, 'AT_ValidateConstraint');
      const table = validated.length > 0 ? relationName(s.statement.node.relation, context.defaultSchema) : '';
      const findings = validated
        .filter((cmd) => {
          const key = `${table}.${cmd.name}`;
          return addedIn.has(key) && addedIn.get(key) !== undefined && addedIn.get(key) === groups[index];
        })
        .map((cmd) => ({
          statementIndex: index,
          message: `Validating ${cmd.name} in the same transaction that added it NOT VALID scans ${table} while still holding the lock from the ADD.`,
        }));
      for (const added of addedConstraints(s, context.defaultSchema)) {
        if (added.constraint.skip_validation && added.constraint.conname) addedIn.set(`${added.table}.${added.constraint.conname}`, groups[index]);
      }
      return findings.slice(0, 1);
    });
  },
};
