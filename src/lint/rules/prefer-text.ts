// varchar(n) stores exactly what text stores, but its limit lives in the type: raising it later is an
// ALTER COLUMN TYPE (ACCESS EXCLUSIVE, and a rewrite when narrowing), and the limit is usually arbitrary.
import type { Rule } from '../types.js';
import { columnDefinitions, eachStatement, typeInfo } from './ast.js';

export const preferText: Rule = {
  id: 'prefer-text',
  description: 'A varchar(n) column puts its length limit in the type, so changing the limit later needs an ALTER COLUMN TYPE under an ACCESS EXCLUSIVE lock.',
  help: 'Use text, with a CHECK (length(column) <= n) constraint (added NOT VALID on an existing table) if a limit is really needed.',
  defaultSeverity: 'warning',
  check(context) {
    return eachStatement(context, (s, index) => {
      const definitions = columnDefinitions(s, context.defaultSchema);
      if (definitions.length === 0) return;
      const limited = definitions.filter((d) => {
        const type = typeInfo(d.def.typeName);
        return type.name === 'varchar' && type.mods.length > 0;
      });
      if (limited.length === 0) return;
      return { statementIndex: index, message: `${limited.map((d) => `${d.table}.${d.column} (varchar(${typeInfo(d.def.typeName).mods[0]}))`).join(', ')} puts its length limit in the type.` };
    });
  },
};
