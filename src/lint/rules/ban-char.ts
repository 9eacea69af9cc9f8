// char(n) pads values with spaces to n characters, compares ignoring the padding, and is neither
// smaller nor faster than text in PostgreSQL. (The internal one-byte type "char" is not flagged.)
import type { Rule } from '../types.js';
import { columnDefinitions, eachStatement, typeInfo } from './ast.js';

export const banChar: Rule = {
  id: 'ban-char',
  description: 'A char(n) column pads values with spaces, which surprises application code, and has no storage or speed benefit.',
  help: 'Use text (or varchar), with a CHECK constraint if the length really must be fixed.',
  defaultSeverity: 'warning',
  check(context) {
    return eachStatement(context, (s, index) => {
      const definitions = columnDefinitions(s, context.defaultSchema);
      if (definitions.length === 0) return;
      const padded = definitions.filter((d) => typeInfo(d.def.typeName).name === 'bpchar');
      if (padded.length === 0) return;
      return { statementIndex: index, message: `${padded.map((d) => `${d.table}.${d.column}`).join(', ')} uses char(n), which pads values with spaces.` };
    });
  },
};
