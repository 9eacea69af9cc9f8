// A small report used by the reporter tests: two files, an error with a multi-line statement,
// a warning, a file-level finding with a source line, and characters that need escaping.
import type { LintReport } from '../report.js';

export function sampleReport(): LintReport {
  return {
    files: [
      {
        path: 'migrations/0002_drop_email.sql',
        statements: [
          {
            section: 'up',
            line: 2,
            column: 1,
            sql: 'CREATE TABLE notes (id bigint)',
            kind: 'CreateStmt',
            effect: 'additive',
            objects: [{ type: 'table', name: 'public.notes', action: 'create' }],
            lock: { level: 'ACCESS EXCLUSIVE', tables: ['public.notes'] },
            transactional: true,
          },
          {
            section: 'up',
            line: 3,
            column: 1,
            sql: 'ALTER TABLE users\n  DROP COLUMN email',
            kind: 'AlterTableStmt',
            effect: 'destructive',
            objects: [{ type: 'column', name: 'public.users.email', action: 'drop' }],
            lock: { level: 'ACCESS EXCLUSIVE', tables: ['public.users'] },
            transactional: true,
          },
        ],
        findings: [
          {
            rule: 'drop-column',
            severity: 'error',
            file: 'migrations/0002_drop_email.sql',
            line: 3,
            column: 1,
            message: 'Dropping public.users.email breaks any live or idle colour that still reads or writes it.',
            help: 'Stop using the column first, then drop it in a later release.',
            docs: 'docs/rules/drop-column.md',
            statement: 1,
          },
          {
            rule: 'unused-ignore',
            severity: 'warning',
            file: 'migrations/0002_drop_email.sql',
            line: 6,
            column: 1,
            message: 'This ignore comment for drop-table is followed by no statement, so it silences nothing.',
            help: 'Put the ignore comment directly above the statement it is meant for.',
            docs: 'docs/rules/unused-ignore.md',
            source: '-- safe-migrate-ignore drop-table -- 100%, really: ok',
          },
        ],
      },
      { path: 'migrations/0003_ok.sql', statements: [], findings: [] },
    ],
    summary: { files: 2, statements: 2, errors: 1, warnings: 1 },
    rules: [
      { id: 'drop-column', description: 'Dropping a column breaks colours.', help: 'Drop it later.', severity: 'error', docs: 'docs/rules/drop-column.md' },
      { id: 'unused-ignore', description: 'An ignore comment silences nothing.', help: 'Remove it.', severity: 'warning', docs: 'docs/rules/unused-ignore.md' },
    ],
  };
}
