// DROP TABLE breaks every colour whose code still reads or writes the table (spec §5.3). A table
// created earlier in the same section or pending set is exempt: no colour can use it yet.
import type { Rule } from '../types.js';
import { eachStatement, isNewTable, objectName } from './ast.js';

export const dropTable: Rule = {
  id: 'drop-table',
  description: 'Dropping a table breaks any live or idle colour that still reads or writes it.',
  help: 'Stop using the table in a release first, and drop it in a later release once no live or idle colour references it.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const { kind, node } = s.statement;
      if (kind !== 'DropStmt' || node.removeType !== 'OBJECT_TABLE') return;
      const tables = (node.objects ?? []).map((o: object) => objectName(o, 'OBJECT_TABLE', context.defaultSchema));
      const used = tables.filter((table: string) => !isNewTable(context, table, index));
      if (used.length === 0) return;
      return { statementIndex: index, message: `Dropping ${used.join(', ')} breaks any live or idle colour that still reads or writes it.` };
    });
  },
};
