// ALTER COLUMN … TYPE changes what every colour reads and writes in one step: a narrower type
// rejects the old code's writes, and a different type changes what its driver returns. (Whether
// it also rewrites the table is `table-rewrite-type-change`.) New tables and columns are exempt.
import type { Rule } from '../types.js';
import { definitionsOnExistingTables, eachStatement, typeInfo } from './ast.js';

export const changeColumnType: Rule = {
  id: 'change-column-type',
  description: 'Changing a column type in place can break a live or idle colour that reads or writes the column with the old type.',
  help: 'Add a column with the new type, write to both, backfill, switch reads, and drop the old column in a later release.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      return definitionsOnExistingTables(context, s, index, 'alter-type')
        .filter((d) => !context.columnAddedBefore(`${d.table}.${d.column}`, index))
        .map((d) => ({
          statementIndex: index,
          message: `Changing ${d.table}.${d.column} to ${typeInfo(d.def.typeName).name} in place can break a live or idle colour that reads or writes it with the old type.`,
        }));
    });
  },
};
