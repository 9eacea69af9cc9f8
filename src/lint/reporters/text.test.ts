import { describe, expect, it } from 'vitest';
import type { LintReport } from '../report.js';
import { sampleReport } from './sample-report.js';
import { formatText } from './text.js';

const ANSI = /\u001b\[[0-9;]*m/g;

describe('formatText', () => {
  it('prints each finding with location, code frame, help and docs, then a summary', () => {
    expect(formatText(sampleReport(), { color: false })).toBe(
      [
        'migrations/0002_drop_email.sql:3:1  error  drop-column  Dropping public.users.email breaks any live or idle colour that still reads or writes it.',
        '  > 3 | ALTER TABLE users',
        '      | ^',
        '    4 |   DROP COLUMN email',
        '  help: Stop using the column first, then drop it in a later release.',
        '  docs: docs/rules/drop-column.md',
        '',
        'migrations/0002_drop_email.sql:6:1  warning  unused-ignore  This ignore comment for drop-table is followed by no statement, so it silences nothing.',
        '  > 6 | -- safe-migrate-ignore drop-table -- 100%, really: ok',
        '      | ^',
        '  help: Put the ignore comment directly above the statement it is meant for.',
        '  docs: docs/rules/unused-ignore.md',
        '',
        'safe-migrate: 1 error, 1 warning (2 files, 2 statements).',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked, with the same text underneath', () => {
    const plain = formatText(sampleReport(), { color: false });
    const coloured = formatText(sampleReport(), { color: true });
    expect(plain).not.toMatch(ANSI);
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain('\u001b[31merror\u001b[0m');
    expect(coloured.replace(ANSI, '')).toBe(plain);
  });

  it('puts the caret under the column, relative to where the statement starts', () => {
    const report = sampleReport();
    const statement = report.files[0]!.statements[1]!;
    Object.assign(statement, { line: 3, column: 10, sql: 'ALTER TABLE users DROP COLUMN email' });
    Object.assign(report.files[0]!.findings[0]!, { line: 3, column: 28 });
    const lines = formatText(report, { color: false }).split('\n');
    expect(lines[1]).toBe('  > 3 | ALTER TABLE users DROP COLUMN email');
    expect(lines[2]).toBe(`      | ${' '.repeat(18)}^`);
  });

  it('shortens long statements and shows knex-captured SQL without line numbers', () => {
    const report = sampleReport();
    const statement = report.files[0]!.statements[1]!;
    statement.sql = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n');
    statement.captured = true;
    const block = formatText(report, { color: false }).split('\n\n')[0]!.split('\n');
    expect(block.slice(1, 7)).toEqual(['  >  | line 1', '     | ^', '     | line 2', '     | line 3', '     | line 4', '     | ...']);
  });

  it('summarises a clean run', () => {
    const report: LintReport = { files: [], summary: { files: 3, statements: 9, errors: 0, warnings: 0 }, rules: [] };
    expect(formatText(report, { color: false })).toBe('safe-migrate: no problems (3 files, 9 statements).\n');
  });
});
