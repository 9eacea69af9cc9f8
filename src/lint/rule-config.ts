// Turns the rule registry plus the user's `rules` settings (config key `rules`) into the rules to run and
// their severities. Bad settings are usage errors, all reported at once.
import { SafeMigrateError } from '../errors.js';
import { ruleDocsPath } from './docs-link.js';
import { SYNTAX_ERROR, UNUSED_IGNORE, type RuleInfo, type RuleSetting } from './report.js';
import type { Rule, Severity } from './types.js';

export interface ActiveRule {
  rule: Rule;
  severity: Severity;
}

export interface RuleTable {
  /** Enabled rules, registry order. */
  active: ActiveRule[];
  /** Enabled rules by id. */
  byId: Map<string, ActiveRule>;
  /** Every rule id that exists, enabled or not (ignore comments may name any of them). */
  known: Set<string>;
}

// The engine produces these itself; their Rule objects in the registry carry the wording. These
// stand in when a registry (e.g. a test's) does not include them.
const ENGINE_RULES: Rule[] = [
  {
    id: SYNTAX_ERROR,
    description: 'The file cannot be read or parsed, so nothing in it can be checked or applied.',
    help: 'Fix the file so PostgreSQL can parse it.',
    defaultSeverity: 'error',
    check: () => [],
  },
  {
    id: UNUSED_IGNORE,
    description: 'An ignore comment names an unknown rule or silences nothing.',
    help: 'Remove the ignore comment or correct the rule id.',
    defaultSeverity: 'warning',
    check: () => [],
  },
];

const SETTINGS: readonly string[] = ['off', 'warning', 'error'];

/** Resolves severities; throws a usage error naming every unknown rule id or bad value. */
export function resolveRules(registry: readonly Rule[], settings: Record<string, RuleSetting> = {}): RuleTable {
  const all = [...registry, ...ENGINE_RULES.filter((e) => !registry.some((r) => r.id === e.id))];
  const known = new Set(all.map((r) => r.id));
  checkSettings(settings, known);
  const active: ActiveRule[] = [];
  for (const rule of all) {
    const setting = settings[rule.id] ?? rule.defaultSeverity;
    if (setting !== 'off') active.push({ rule, severity: setting });
  }
  return { active, byId: new Map(active.map((a) => [a.rule.id, a])), known };
}

export function ruleInfo(table: RuleTable): RuleInfo[] {
  return table.active.map(({ rule, severity }) => ({
    id: rule.id,
    description: rule.description,
    help: rule.help,
    severity,
    docs: ruleDocsPath(rule.id),
  }));
}

function checkSettings(settings: Record<string, RuleSetting>, known: Set<string>): void {
  const problems: SafeMigrateError[] = [];
  for (const [id, value] of Object.entries(settings)) {
    if (!known.has(id)) {
      problems.push(usage(`unknown lint rule "${id}" in the config's "rules"`, 'check the spelling; docs/rules.md lists every rule'));
    } else if (!SETTINGS.includes(value)) {
      problems.push(usage(`lint rule "${id}" is set to ${JSON.stringify(value)}`, 'use "off", "warning" or "error"'));
    } else if (id === SYNTAX_ERROR && value !== 'error') {
      // A file that does not parse was not checked at all; letting that pass silently would hide every other rule.
      problems.push(usage(`lint rule "${SYNTAX_ERROR}" cannot be turned off or downgraded`, 'remove it from "rules" in the config'));
    }
  }
  const [first, ...more] = problems;
  if (first) throw new SafeMigrateError('usage', first.message, { hint: first.hint, more });
}

function usage(message: string, hint: string): SafeMigrateError {
  return new SafeMigrateError('usage', message, { hint });
}
