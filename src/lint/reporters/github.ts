// `--format github`: GitHub Actions workflow commands, one annotation per finding
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
import type { LintReport } from '../report.js';
import { summaryLine } from './summary.js';

export function formatGithub(report: LintReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const f of file.findings) {
      const properties = `file=${escapeProperty(file.path)},line=${f.line},col=${f.column},title=${escapeProperty(`safe-migrate ${f.rule}`)}`;
      lines.push(`::${f.severity} ${properties}::${escapeData(`${f.message} ${f.help}`.trim())}`);
    }
  }
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

/** Message text: `%`, CR and LF would end or corrupt the command. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally cannot hold `:` (ends the properties) or `,` (separates them). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
