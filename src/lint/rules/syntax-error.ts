// Emitted by the lint engine, not by a check over statements: a file that cannot be read or parsed
// has no statements for rules to see. The entry exists so the id has wording, a severity, a doc
// page, and can be configured like any other rule.
import type { Rule } from '../types.js';

export const syntaxError: Rule = {
  id: 'syntax-error',
  description: 'The file cannot be read or parsed, so nothing in it can be checked or applied.',
  help: 'Fix the file so PostgreSQL can parse it; the message shows where the parser stopped.',
  defaultSeverity: 'error',
  check() {
    return []; // The engine reports syntax errors itself.
  },
};
