// A new CHECK, UNIQUE, PRIMARY KEY, FOREIGN KEY, EXCLUDE or NOT NULL constraint, or a new unique
// index, rejects writes the old code may still make — even NOT VALID constraints check every new
// row. `ADD … USING INDEX` adds no new restriction (the unique index already enforces it). New tables are exempt.
import type { Rule } from '../types.js';
import { addedConstraints, constraintColumns, eachStatement, isNewTable, relationName } from './ast.js';

const LABELS: Record<string, string> = {
  CONSTR_CHECK: 'CHECK constraint',
  CONSTR_UNIQUE: 'UNIQUE constraint',
  CONSTR_PRIMARY: 'PRIMARY KEY',
  CONSTR_FOREIGN: 'FOREIGN KEY',
  CONSTR_EXCLUSION: 'exclusion constraint',
  CONSTR_NOTNULL: 'NOT NULL constraint',
};

export const addWriteRestriction: Rule = {
  id: 'add-write-restriction',
  description: 'A new constraint or unique index rejects writes that a live or idle colour may still make.',
  help: 'Ship code that already satisfies the restriction to both colours first, then add it (NOT VALID or CONCURRENTLY) in a later release and ignore this finding with that reason.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const { kind, node } = s.statement;
      if (kind !== 'IndexStmt' && kind !== 'AlterTableStmt') return;
      const restrictions: string[] = [];
      if (kind === 'IndexStmt' && node.unique) {
        const table = relationName(node.relation, context.defaultSchema);
        if (!isNewTable(context, table, index)) restrictions.push(`unique index${node.idxname ? ` ${node.idxname}` : ''} on ${table}`);
      }
      for (const added of addedConstraints(s, context.defaultSchema)) {
        const label = LABELS[added.constraint.contype];
        if (added.how !== 'add-constraint' || !label || added.constraint.indexname) continue;
        if (isNewTable(context, added.table, index)) continue;
        const columns = constraintColumns(added);
        restrictions.push(`${label}${added.constraint.conname ? ` ${added.constraint.conname}` : ''} on ${added.table}${columns.length ? ` (${columns.join(', ')})` : ''}`);
      }
      if (restrictions.length === 0) return;
      return { statementIndex: index, message: `Adding ${restrictions.join(', ')} rejects writes that a live or idle colour may still make.` };
    });
  },
};
