// A 32-bit (or 16-bit) key runs out: integer ids stop at 2,147,483,647, and widening a key later
// rewrites the table and every referencing table. Flagged only for key-like columns — serial
// types, identity columns, primary and foreign key columns, and columns named `id` or `*_id` —
// since integer counts and quantities are fine.
import type { Rule } from '../types.js';
import { addedConstraints, columnConstraints, columnDefinitions, constraintColumns, eachStatement, typeInfo } from './ast.js';

const SMALL = new Set(['int2', 'int4', 'serial', 'smallserial']);
const KEY_CONSTRAINTS = new Set(['CONSTR_PRIMARY', 'CONSTR_FOREIGN', 'CONSTR_IDENTITY']);

export const preferBigint: Rule = {
  id: 'prefer-bigint',
  description: 'A key column of type integer or smallint can run out of values, and widening it later rewrites the table and every table that references it.',
  help: 'Use bigint (bigint GENERATED … AS IDENTITY for generated ids) for ids and foreign keys.',
  defaultSeverity: 'warning',
  check(context) {
    return eachStatement(context, (s, index) => {
      // Most statements define no small integer column: the key columns are only listed for those that do.
      const definitions = columnDefinitions(s, context.defaultSchema);
      if (definitions.length === 0) return;
      const candidates = definitions.filter((d) => {
        const type = typeInfo(d.def.typeName);
        return SMALL.has(type.name) && !type.array;
      });
      if (candidates.length === 0) return;
      const keys = new Set(
        addedConstraints(s, context.defaultSchema)
          .filter((c) => KEY_CONSTRAINTS.has(c.constraint.contype))
          .flatMap((c) => constraintColumns(c).map((column) => `${c.table}.${column}`)),
      );
      const small = candidates.filter((d) => {
        const keyLike = typeInfo(d.def.typeName).name.endsWith('serial') || keys.has(`${d.table}.${d.column}`) || d.column === 'id' || d.column.endsWith('_id');
        return keyLike || columnConstraints(d.def).some((c) => KEY_CONSTRAINTS.has(c.contype));
      });
      if (small.length === 0) return;
      const list = small.map((d) => `${d.table}.${d.column} (${typeInfo(d.def.typeName).name})`).join(', ');
      return { statementIndex: index, message: `Key column ${list} can run out of values; widening it later rewrites the table and its referencing tables.` };
    });
  },
};
