import { describe, expect, it } from 'vitest';
import { formatJson } from './json.js';
import { sampleReport } from './sample-report.js';

describe('formatJson', () => {
  it('prints exactly the spec §8 shape, 2-space indented', () => {
    const text = formatJson(sampleReport());
    expect(text.startsWith('{\n  "files": [')).toBe(true);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['files', 'summary']);
    expect(Object.keys(parsed.files[0])).toEqual(['path', 'statements', 'findings']);
    expect(Object.keys(parsed.files[0].statements[0])).toEqual(['section', 'line', 'column', 'sql', 'kind', 'effect', 'objects', 'lock', 'transactional']);
    expect(parsed.files[0].statements[1]).toEqual({
      section: 'up',
      line: 3,
      column: 1,
      sql: 'ALTER TABLE users\n  DROP COLUMN email',
      kind: 'AlterTableStmt',
      effect: 'destructive',
      objects: [{ type: 'column', name: 'public.users.email', action: 'drop' }],
      lock: { level: 'ACCESS EXCLUSIVE', tables: ['public.users'] },
      transactional: true,
    });
    expect(parsed.files[0].findings[0]).toEqual({
      rule: 'drop-column',
      severity: 'error',
      line: 3,
      column: 1,
      message: 'Dropping public.users.email breaks any live or idle colour that still reads or writes it.',
      help: 'Stop using the column first, then drop it in a later release.',
    });
    expect(parsed.summary).toEqual({ files: 2, statements: 2, errors: 1, warnings: 1 });
  });

  it('leaves out internal fields (statement index, source line, rename targets)', () => {
    const report = sampleReport();
    report.files[0]!.statements[0]!.objects[0]!.newName = 'public.other';
    report.files[0]!.statements[0]!.captured = true;
    const text = formatJson(report);
    for (const internal of ['"statement"', '"source"', '"newName"', '"captured"', '"docs"', '"file"', '"rules"']) expect(text).not.toContain(internal);
  });
});
