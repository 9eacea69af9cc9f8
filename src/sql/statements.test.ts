import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSql } from './index.js';

beforeAll(loadParser);

describe('parseSql', () => {
  it('splits statements with file lines and character columns, past multi-byte text', () => {
    const text = "-- comment é\nCREATE TABLE t (a text DEFAULT 'ü');\n\n  /* x */ ALTER TABLE t ADD COLUMN b int;\nSELECT 1";
    const { statements, error } = parseSql(text, { firstLine: 10 });
    expect(error).toBeUndefined();
    expect(statements.map((s) => [s.kind, s.line, s.column, s.sql])).toEqual([
      ['CreateStmt', 11, 1, "CREATE TABLE t (a text DEFAULT 'ü')"],
      ['AlterTableStmt', 13, 11, 'ALTER TABLE t ADD COLUMN b int'],
      ['SelectStmt', 14, 1, 'SELECT 1'],
    ]);
  });

  it('reports a syntax error with its line and column', () => {
    const { statements, error } = parseSql('SELECT 1;\nCREATE TABL x;', { firstLine: 3 });
    expect(statements).toEqual([]);
    expect(error).toMatchObject({ line: 4, column: 8 });
    expect(error?.message).toContain('TABL');
  });

  it('flags statements that cannot run in a transaction', () => {
    const sql = 'CREATE INDEX CONCURRENTLY i ON t (a); CREATE INDEX j ON t (a); DROP INDEX CONCURRENTLY i; REINDEX INDEX CONCURRENTLY j; VACUUM t; ANALYZE t; ALTER TABLE p DETACH PARTITION c CONCURRENTLY;';
    expect(parseSql(sql).statements.map((s) => s.transactional)).toEqual([false, true, false, false, false, true, false]);
  });

  it('reads directives and attaches ignores to the next statement only', () => {
    const sql = [
      '-- safe-migrate:no-transaction',
      '-- safe-migrate-ignore-file prefer-text -- legacy',
      'SELECT 1;',
      '-- safe-migrate-ignore drop-column, drop-table -- checked with the team',
      'ALTER TABLE t DROP COLUMN c;',
      '-- safe-migrate:deprecate public.t.d',
      'SELECT 2;',
    ].join('\n');
    const { statements, directives } = parseSql(sql);
    expect(directives.map((d) => d.type)).toEqual(['no-transaction', 'ignore-file', 'ignore', 'deprecate']);
    expect(statements[0]!.ignores).toEqual([]);
    expect(statements[1]!.ignores).toMatchObject([{ rules: ['drop-column', 'drop-table'], reason: 'checked with the team', line: 4 }]);
    expect(directives[3]).toMatchObject({ type: 'deprecate', objects: ['public.t.d'] });
  });

  it('returns no statements for comments-only text', () => {
    expect(parseSql('-- nothing here\n/* nor here */\n').statements).toEqual([]);
  });

  it('locates the same in ASCII text (read by string offset) as in text with multi-byte characters', () => {
    const ascii = parseSql('SELECT 1;\n   UPDATE t SET a = 1 ;  ;\n\tDELETE FROM t', { firstLine: 5 });
    const accented = parseSql("SELECT 'é';\n   UPDATE t SET a = 'ü' ;  ;\n\tDELETE FROM t", { firstLine: 5 });
    const where = (parsed: typeof ascii) => parsed.statements.map((s) => [s.line, s.column, s.endLine]);
    expect(where(ascii)).toEqual([[5, 1, 5], [6, 4, 6], [7, 2, 7]]);
    expect(where(accented)).toEqual(where(ascii));
    expect(ascii.statements.map((s) => s.sql)).toEqual(['SELECT 1', 'UPDATE t SET a = 1', 'DELETE FROM t']);
  });
});

describe('statement starts', () => {
  it('skips comments between statements, including nested block comments', () => {
    const sql = "SELECT 1; -- one\n/* two /* nested */ still */\n  -- three\nSELECT 2;";
    const { statements } = parseSql(sql);
    expect(statements.map((s) => [s.sql, s.line, s.column])).toEqual([
      ['SELECT 1', 1, 1],
      ['SELECT 2', 4, 1],
    ]);
  });
});
