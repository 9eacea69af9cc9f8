// ADD COLUMN … GENERATED ALWAYS AS (…) STORED computes and writes the value for every existing row:
// a full table rewrite under ACCESS EXCLUSIVE. (PostgreSQL 18's VIRTUAL generated columns are
// computed on read and are not flagged.) New tables are exempt.
import type { Rule } from '../types.js';
import { columnConstraints, definitionsOnExistingTables, eachStatement } from './ast.js';

export const storedGeneratedColumn: Rule = {
  id: 'stored-generated-column',
  description: 'Adding a STORED generated column rewrites the whole table under an ACCESS EXCLUSIVE lock.',
  help: 'Add a plain nullable column, fill it with a trigger for new rows and a batched backfill for old ones (or use a VIRTUAL generated column on PostgreSQL 18+).',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const stored = definitionsOnExistingTables(context, s, index, 'add-column').filter((d) =>
        columnConstraints(d.def).some((c) => c.contype === 'CONSTR_GENERATED' && c.generated_kind !== 'v'),
      );
      if (stored.length === 0) return;
      return { statementIndex: index, message: `Adding the STORED generated column ${stored.map((d) => `${d.table}.${d.column}`).join(', ')} rewrites the whole table under an ACCESS EXCLUSIVE lock.` };
    });
  },
};
