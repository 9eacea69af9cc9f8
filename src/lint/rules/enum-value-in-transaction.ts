// Since PostgreSQL 12, ALTER TYPE … ADD VALUE may run inside a transaction, but the new value cannot
// be used until that transaction commits ("unsafe use of new value"). A safe-migrate migration is one
// transaction (spec §7.3), so a statement later in the same migration that uses the value fails the
// step. Flagged: the first statement in the same transaction that mentions the new value as a
// string literal, after the ADD VALUE. ADD VALUE on its own is fine.
import type { Rule } from '../types.js';
import { eachStatement, listName, strings, transactionGroups } from './ast.js';

export const enumValueInTransaction: Rule = {
  id: 'enum-value-in-transaction',
  description: 'A new enum value is used in the same transaction that added it, which PostgreSQL refuses until the ADD VALUE commits.',
  help: 'Add the enum value in one migration and use it in a later one (or in a later release).',
  defaultSeverity: 'error',
  check(context) {
    const groups = transactionGroups(context);
    const added: Array<{ value: string; type: string; group: number; line: number }> = [];
    return eachStatement(context, (s, index) => {
      const { kind, node } = s.statement;
      if (kind === 'AlterEnumStmt' && node.newVal !== undefined && node.oldVal === undefined) {
        const group = groups[index];
        if (group !== undefined) added.push({ value: node.newVal, type: listName(strings(node.typeName), context.defaultSchema), group, line: s.statement.line });
        return;
      }
      const used = added.find((a) => a.group === groups[index] && s.statement.sql.includes(`'${a.value.replaceAll("'", "''")}'`));
      if (!used) return;
      added.splice(added.indexOf(used), 1);
      return { statementIndex: index, message: `'${used.value}' is used in the same transaction that added it to ${used.type} (line ${used.line}); PostgreSQL refuses that until the ADD VALUE commits.` };
    });
  },
};
