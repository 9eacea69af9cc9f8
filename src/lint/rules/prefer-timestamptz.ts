// timestamp without time zone stores wall-clock time with no zone: the meaning of every value depends
// on the session's TimeZone, and comparisons with now() are silently shifted.
import type { Rule } from '../types.js';
import { columnDefinitions, eachStatement, typeInfo } from './ast.js';

export const preferTimestamptz: Rule = {
  id: 'prefer-timestamptz',
  description: 'A timestamp without time zone column stores values whose meaning depends on each session\'s TimeZone setting.',
  help: 'Use timestamptz (timestamp with time zone), which stores an absolute instant.',
  defaultSeverity: 'warning',
  check(context) {
    return eachStatement(context, (s, index) => {
      const definitions = columnDefinitions(s, context.defaultSchema);
      if (definitions.length === 0) return;
      const naive = definitions.filter((d) => typeInfo(d.def.typeName).name === 'timestamp');
      if (naive.length === 0) return;
      return { statementIndex: index, message: `${naive.map((d) => `${d.table}.${d.column}`).join(', ')} uses timestamp without time zone.` };
    });
  },
};
