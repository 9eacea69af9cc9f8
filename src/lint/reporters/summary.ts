// The one-line summary shared by the human-facing formats.
import type { LintReport } from '../report.js';

export function summaryLine(report: LintReport): string {
  const { files, statements, errors, warnings } = report.summary;
  const scope = `${plural(files, 'file')}, ${plural(statements, 'statement')}`;
  if (errors + warnings === 0) return `safe-migrate: no problems (${scope}).`;
  return `safe-migrate: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} (${scope}).`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
