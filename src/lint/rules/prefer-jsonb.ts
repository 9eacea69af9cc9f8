// json stores the text verbatim: no equality operator (DISTINCT, GROUP BY, UNION and some ORM
// queries fail), no GIN indexing, reparsed on every access. Switching later is a table rewrite.
import type { Rule } from '../types.js';
import { columnDefinitions, eachStatement, typeInfo } from './ast.js';

export const preferJsonb: Rule = {
  id: 'prefer-jsonb',
  description: 'A json column has no equality operator or GIN index support, and changing it to jsonb later rewrites the table.',
  help: 'Use jsonb.',
  defaultSeverity: 'warning',
  check(context) {
    return eachStatement(context, (s, index) => {
      const definitions = columnDefinitions(s, context.defaultSchema);
      if (definitions.length === 0) return;
      const json = definitions.filter((d) => typeInfo(d.def.typeName).name === 'json');
      if (json.length === 0) return;
      return { statementIndex: index, message: `${json.map((d) => `${d.table}.${d.column}`).join(', ')} uses json, which has no equality operator or GIN index support.` };
    });
  },
};
