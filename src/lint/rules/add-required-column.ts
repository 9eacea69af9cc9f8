// ADD COLUMN … NOT NULL without a default: the colour running the old code inserts rows without the
// column and every insert fails (PostgreSQL also refuses it outright on a non-empty table). Columns
// filled by PostgreSQL itself — a default, serial, identity or generated column — are fine. New tables are exempt.
import type { Rule } from '../types.js';
import { columnConstraints, definitionsOnExistingTables, eachStatement, typeInfo } from './ast.js';

const SERIAL = new Set(['serial', 'bigserial', 'smallserial']);
const FILLED = new Set(['CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED']);

export const addRequiredColumn: Rule = {
  id: 'add-required-column',
  description: 'Adding a NOT NULL column without a default breaks inserts from any live or idle colour that does not write it.',
  help: 'Add the column nullable (or with a constant default), write it from both colours, backfill, and enforce NOT NULL in a later release.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      return definitionsOnExistingTables(context, s, index, 'add-column')
        .filter((d) => {
          const constraints = columnConstraints(d.def);
          const required = constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
          const filled = constraints.some((c) => FILLED.has(c.contype)) || SERIAL.has(typeInfo(d.def.typeName).name);
          return required && !filled;
        })
        .map((d) => ({ statementIndex: index, message: `Adding ${d.table}.${d.column} as NOT NULL without a default breaks inserts from any live or idle colour that does not write it.` }));
    });
  },
};
