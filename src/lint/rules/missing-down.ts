// Spec §7.1: a migration without a down part cannot be rolled back. Reported once per migration,
// on its up section, as a file-level finding.
import type { Rule } from '../types.js';

export const missingDown: Rule = {
  id: 'missing-down',
  description: 'This migration has no down part, so `safe-migrate down` cannot roll it back.',
  help: 'Add a `-- migrate:down` section (or a .down.sql file) that undoes the up part.',
  defaultSeverity: 'warning',
  check(context) {
    return context.section === 'up' && !context.hasDown ? [{}] : [];
  },
};
