// `--format json`: exactly the shape of spec §8, nothing internal, 2-space indent.
import type { LintReport } from '../report.js';

export function formatJson(report: LintReport): string {
  const files = report.files.map((file) => ({
    path: file.path,
    statements: file.statements.map((s) => ({
      section: s.section,
      line: s.line,
      column: s.column,
      sql: s.sql,
      kind: s.kind,
      effect: s.effect,
      objects: s.objects.map(({ type, name, action }) => ({ type, name, action })),
      lock: { level: s.lock.level, tables: s.lock.tables },
      transactional: s.transactional,
    })),
    findings: file.findings.map((f) => ({ rule: f.rule, severity: f.severity, line: f.line, column: f.column, message: f.message, help: f.help })),
  }));
  const { files: fileCount, statements, errors, warnings } = report.summary;
  return `${JSON.stringify({ files, summary: { files: fileCount, statements, errors, warnings } }, null, 2)}\n`;
}
