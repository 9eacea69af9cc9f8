// The four output formats of `lint`: the same report, different readers.
import type { Format } from '../formats.js';
import type { LintReport } from '../report.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export { formatGithub, formatJson, formatSarif, formatText };
export type { TextOptions } from './text.js';

/** Renders a report; `color` only affects `text`. */
export function formatReport(report: LintReport, format: Format, options: { color: boolean } = { color: false }): string {
  switch (format) {
    case 'text':
      return formatText(report, options);
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'github':
      return formatGithub(report);
  }
}
