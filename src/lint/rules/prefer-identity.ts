// serial is a pre-SQL-standard shorthand for a sequence plus a default: the sequence is a separate
// object with its own ownership and grants, is easily out of sync after copies, and the column
// accepts explicit ids. Identity columns are the standard replacement (PostgreSQL 10+).
import type { Rule } from '../types.js';
import { columnDefinitions, eachStatement, typeInfo } from './ast.js';

const SERIAL = new Set(['serial', 'bigserial', 'smallserial']);

export const preferIdentity: Rule = {
  id: 'prefer-identity',
  description: 'A serial column hides a separately owned sequence whose grants, ownership and value drift independently of the table.',
  help: 'Use bigint GENERATED ALWAYS AS IDENTITY (or BY DEFAULT) instead of serial.',
  defaultSeverity: 'warning',
  check(context) {
    return eachStatement(context, (s, index) => {
      const definitions = columnDefinitions(s, context.defaultSchema);
      if (definitions.length === 0) return;
      const serial = definitions.filter((d) => SERIAL.has(typeInfo(d.def.typeName).name));
      if (serial.length === 0) return;
      return { statementIndex: index, message: `${serial.map((d) => `${d.table}.${d.column} (${typeInfo(d.def.typeName).name})`).join(', ')} uses serial instead of an identity column.` };
    });
  },
};
