// The few source lines shown under a finding, with a caret at its column. Built from the
// statement text the report already holds, so reporters never read files.
import type { ReportedFinding, StatementReport } from '../report.js';

/** Lines of a long statement shown after the line the finding is on. */
const AFTER = 3;

export interface FrameLine {
  /** The file line number, or undefined for SQL a knex module issued (no place in the file). */
  number: number | undefined;
  text: string;
  /** 1-based column of the caret on this line, if it carries one. */
  caret?: number;
}

export function codeFrame(finding: ReportedFinding, statement: StatementReport | undefined): { lines: FrameLine[]; more: boolean } {
  if (!statement) {
    return finding.source === undefined ? { lines: [], more: false } : { lines: [{ number: finding.line, text: finding.source, caret: finding.column }], more: false };
  }
  const sqlLines = statement.sql.split(/\r?\n/);
  // The statement text starts at its column, so a caret on its first line is relative to that.
  const focus = statement.captured ? 0 : Math.max(0, Math.min(finding.line - statement.line, sqlLines.length - 1));
  const caret = focus === 0 ? Math.max(1, finding.column - statement.column + 1) : finding.column;
  const end = Math.min(sqlLines.length, focus + 1 + AFTER);
  const lines = sqlLines.slice(0, end).map((text, i) => ({ number: statement.captured ? undefined : statement.line + i, text, ...(i === focus ? { caret } : {}) }));
  // Long statements: keep a line of context before the focus, drop the rest of the head.
  const start = Math.max(0, focus - 1);
  return { lines: lines.slice(start), more: end < sqlLines.length };
}
