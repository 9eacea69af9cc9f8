// Emitted by the lint engine after the rules ran, when it applies ignore comments as a filter: an
// ignore naming an unknown rule, or one that silenced nothing, is reported so stale ignores get
// cleaned up. Rules never read ignore comments, so this check has nothing to do.
import type { Rule } from '../types.js';

export const unusedIgnore: Rule = {
  id: 'unused-ignore',
  description: 'An ignore comment names an unknown rule or silences nothing.',
  help: 'Remove the ignore comment or correct the rule id.',
  defaultSeverity: 'warning',
  check() {
    return []; // The engine reports unused ignores itself.
  },
};
