// Ignore comments, applied as a filter after the rules ran (rules never read them):
// `-- safe-migrate-ignore a, b -- reason` silences rules a and b on the next statement,
// `-- safe-migrate-ignore-file a -- reason` silences a in the whole file. Ignores that name
// unknown rules or silence nothing become `unused-ignore` findings, so stale ones get cleaned up.
import type { IgnoreDirective } from '../sql/index.js';
import { ruleDocsPath } from './docs-link.js';
import { SYNTAX_ERROR, UNUSED_IGNORE, type ReportedFinding } from './report.js';
import type { RuleTable } from './rule-config.js';

export interface FileIgnores {
  file: string;
  /** Next-statement ignores attached to each statement of the file (index = file statement index). */
  byStatement: IgnoreDirective[][];
  /** Every next-statement ignore of the file, including any followed by no statement. */
  lineIgnores: IgnoreDirective[];
  fileIgnores: IgnoreDirective[];
  /** A section failed to parse, so rules did not see it: only unknown ids can be reported with certainty. */
  incomplete: boolean;
}

type Problem = 'unknown' | 'unused' | 'unused-file' | 'no-statement' | 'no-rule';

/** Drops silenced findings and appends the `unused-ignore` findings (when that rule is enabled). */
export function applyIgnores(findings: ReportedFinding[], ignores: FileIgnores, rules: RuleTable): ReportedFinding[] {
  // Most files have no ignore comments at all.
  if (ignores.lineIgnores.length === 0 && ignores.fileIgnores.length === 0) return findings;
  const used = new Map<IgnoreDirective, Set<string>>();
  const silencedBy = (directives: readonly IgnoreDirective[] | undefined, rule: string) => {
    const directive = directives?.find((d) => d.rules.includes(rule));
    if (directive) (used.get(directive) ?? used.set(directive, new Set()).get(directive)!).add(rule);
    return directive !== undefined;
  };
  const kept = findings.filter(
    (f) =>
      f.rule === SYNTAX_ERROR ||
      !(silencedBy(f.statement === undefined ? undefined : ignores.byStatement[f.statement], f.rule) || silencedBy(ignores.fileIgnores, f.rule)),
  );
  const severity = rules.byId.get(UNUSED_IGNORE)?.severity;
  if (!severity) return kept;
  const attached = new Set(ignores.byStatement.flat());
  const report = (directive: IgnoreDirective, rule: string, problem: Problem): void => {
    kept.push({ rule: UNUSED_IGNORE, severity, file: ignores.file, line: directive.line, column: directive.column, ...wording(problem, rule), docs: ruleDocsPath(UNUSED_IGNORE) });
  };
  for (const directive of [...ignores.lineIgnores, ...ignores.fileIgnores]) {
    if (directive.rules.length === 0) report(directive, '', 'no-rule');
    for (const rule of directive.rules) {
      const problem = problemOf(directive, rule);
      if (problem) report(directive, rule, problem);
    }
  }
  return kept;

  function problemOf(directive: IgnoreDirective, rule: string): Problem | undefined {
    if (!rules.known.has(rule)) return 'unknown';
    // A rule turned off in config finds nothing; its ignores are dormant, not stale.
    if (!rules.byId.has(rule) || ignores.incomplete || used.get(directive)?.has(rule)) return undefined;
    if (directive.type === 'ignore-file') return 'unused-file';
    return attached.has(directive) ? 'unused' : 'no-statement';
  }
}

function wording(problem: Problem, rule: string): { message: string; help: string } {
  switch (problem) {
    case 'unknown':
      return { message: `"${rule}" is not a lint rule, so this ignore comment silences nothing.`, help: 'Correct the rule id (docs/rules/ lists them) or remove it.' };
    case 'unused':
      return { message: `This ignore comment silences ${rule}, but the next statement has no ${rule} finding.`, help: 'Remove the ignore comment: the statement does not need it.' };
    case 'unused-file':
      return { message: `This file-level ignore silences ${rule}, but the file has no ${rule} finding.`, help: 'Remove the ignore comment: the file does not need it.' };
    case 'no-statement':
      return { message: `This ignore comment for ${rule} is followed by no statement, so it silences nothing.`, help: 'Put the ignore comment directly above the statement it is meant for.' };
    case 'no-rule':
      return { message: 'This ignore comment names no rule, so it silences nothing.', help: 'Name the rules to silence: -- safe-migrate-ignore <rule-id> -- <reason>.' };
  }
}
