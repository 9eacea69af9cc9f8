// `--format text` (default): one block per finding with a code frame, then a summary line.
// Colour is decided by the caller (a TTY and NO_COLOR unset), never detected here.
import type { FileReport, LintReport, ReportedFinding } from '../report.js';
import { codeFrame } from './code-frame.js';
import { summaryLine } from './summary.js';

export interface TextOptions {
  color: boolean;
}

type Paint = (code: string, text: string) => string;

// Tabs are shown as spaces: a terminal's tab stops would not line up behind the gutter.
const TAB = '    ';

const CODES = { bold: '1', dim: '2', red: '31', yellow: '33', cyan: '36', green: '32' } as const;

export function formatText(report: LintReport, options: TextOptions): string {
  const paint: Paint = options.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
  const blocks: string[] = [];
  for (const file of report.files) for (const finding of file.findings) blocks.push(formatFinding(file, finding, paint));
  const summary = summaryLine(report);
  const colour = report.summary.errors > 0 ? CODES.red : report.summary.warnings > 0 ? CODES.yellow : CODES.green;
  blocks.push(paint(`${CODES.bold};${colour}`, summary));
  return `${blocks.join('\n\n')}\n`;
}

function formatFinding(file: FileReport, finding: ReportedFinding, paint: Paint): string {
  const severityColour = finding.severity === 'error' ? CODES.red : CODES.yellow;
  const head = `${paint(CODES.bold, `${file.path}:${finding.line}:${finding.column}`)}  ${paint(severityColour, finding.severity)}  ${paint(CODES.cyan, finding.rule)}  ${finding.message}`;
  const lines = [head, ...frameLines(file, finding, paint)];
  if (finding.help) lines.push(`  ${paint(CODES.bold, 'help:')} ${finding.help}`);
  lines.push(`  ${paint(CODES.dim, `docs: ${finding.docs}`)}`);
  return lines.join('\n');
}

function frameLines(file: FileReport, finding: ReportedFinding, paint: Paint): string[] {
  const statement = finding.statement === undefined ? undefined : file.statements[finding.statement];
  const frame = codeFrame(finding, statement);
  const width = Math.max(0, ...frame.lines.map((l) => String(l.number ?? '').length));
  const gutter = (label: string) => paint(CODES.dim, `${label.padStart(width)} |`);
  const out: string[] = [];
  for (const line of frame.lines) {
    const marker = line.caret === undefined ? ' ' : paint(CODES.red, '>');
    out.push(`  ${marker} ${gutter(String(line.number ?? ''))} ${line.text.replace(/\t/g, TAB)}`);
    if (line.caret !== undefined) out.push(`    ${gutter('')} ${' '.repeat(caretOffset(line.text, line.caret))}${paint(CODES.red, '^')}`);
  }
  if (frame.more) out.push(`    ${gutter('')} ${paint(CODES.dim, '...')}`);
  return out;
}

/** Screen cells before the caret: code points, not UTF-16 units, with tabs expanded. */
function caretOffset(text: string, column: number): number {
  return [...text.slice(0, column - 1)].reduce((n, ch) => n + (ch === '\t' ? TAB.length : 1), 0);
}
