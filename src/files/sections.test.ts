import { describe, it, expect } from 'vitest';
import { splitSqlFile } from './sections.js';
import type { SqlSection } from './types.js';

/** The file line that line `n` (1-based) of a section's text came from must hold the same text. */
function expectLinesMap(file: string, section: SqlSection | undefined): void {
  expect(section).toBeDefined();
  const fileLines = file.split('\n');
  // A trailing newline ends the last line; it does not start another one.
  const lines = section!.text.replace(/\n$/, '').split('\n');
  lines.forEach((line, i) => expect(fileLines[section!.firstLine + i - 1]).toBe(line));
}

describe('splitSqlFile: dbmate markers', () => {
  const file = [
    '-- a header comment, ignored',
    '-- migrate:up',
    'CREATE TABLE t (id int);',
    '',
    'ALTER TABLE t ADD c int;',
    '-- migrate:down',
    'DROP TABLE t;',
    '',
  ].join('\n');

  it('splits up and down, markers excluded, line numbers kept', () => {
    const split = splitSqlFile(file, 'm.sql');
    expect(split.form).toBe('sql');
    expect(split.problems).toEqual([]);
    expect(split.up).toMatchObject({ type: 'sql', file: 'm.sql', firstLine: 3, noTransaction: false });
    expect(split.up!.text).toBe('CREATE TABLE t (id int);\n\nALTER TABLE t ADD c int;\n');
    expect(split.down).toMatchObject({ firstLine: 7, text: 'DROP TABLE t;\n' });
    expectLinesMap(file, split.up);
    expectLinesMap(file, split.down);
  });

  it('treats a file without markers as all up and no down', () => {
    const split = splitSqlFile('SELECT 1;\n', 'm.sql');
    expect(split.up).toMatchObject({ text: 'SELECT 1;\n', firstLine: 1 });
    expect(split.down).toBeUndefined();
  });

  it('reads dbmate "transaction:false" and the no-transaction directive', () => {
    const split = splitSqlFile('-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\nSELECT 2;\n', 'm.sql');
    expect(split.up!.noTransaction).toBe(true);
    expect(split.down!.noTransaction).toBe(false);
    const directive = splitSqlFile('-- migrate:up\nSELECT 1;\n-- migrate:down\n  -- safe-migrate:no-transaction\nSELECT 2;\n', 'm.sql');
    expect([directive.up!.noTransaction, directive.down!.noTransaction]).toEqual([false, true]);
  });

  it('reports a down marker before the up marker, at the down line', () => {
    const split = splitSqlFile('-- migrate:down\nDROP TABLE t;\n-- migrate:up\nCREATE TABLE t ();\n', 'm.sql');
    expect(split.up).toBeUndefined();
    expect(split.problems).toEqual([expect.objectContaining({ file: 'm.sql', line: 1, message: expect.stringContaining('before') })]);
    expect(split.problems[0]!.hint).toBeTruthy();
  });

  it('reports a down marker with no up marker', () => {
    const split = splitSqlFile('SELECT 1;\n-- migrate:down\nSELECT 2;\n', 'm.sql');
    expect(split.problems).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining('without') })]);
  });

  it('reports a repeated marker', () => {
    const split = splitSqlFile('-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n', 'm.sql');
    expect(split.problems).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('second') })]);
  });

  it('reports SQL before the up marker (it would never run), not comments', () => {
    const split = splitSqlFile('/* header\n   more */\n\nSELECT 1;\n-- migrate:up\nSELECT 2;\n', 'm.sql');
    expect(split.problems).toEqual([expect.objectContaining({ line: 4, message: expect.stringContaining('no section') })]);
  });

  it('does not mistake look-alike comments for markers', () => {
    const split = splitSqlFile('-- migrate:upgrade notes\nSELECT 1;\n', 'm.sql');
    expect(split.up).toMatchObject({ firstLine: 1 });
  });
});

describe('splitSqlFile: goose markers', () => {
  const file = [
    '-- +goose NO TRANSACTION',
    '-- +goose Up',
    '-- +goose StatementBegin',
    'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;',
    '-- +goose StatementEnd',
    'CREATE INDEX CONCURRENTLY i ON t (c);',
    '',
    '-- +goose Down',
    'DROP INDEX CONCURRENTLY i;',
    'DROP FUNCTION f();',
  ].join('\n');

  it('splits Up and Down with correct firstLine, keeping StatementBegin/End as comments', () => {
    const split = splitSqlFile(file, 'g.sql');
    expect(split.form).toBe('goose');
    expect(split.problems).toEqual([]);
    expect(split.up!.firstLine).toBe(3);
    expect(split.up!.text.startsWith('-- +goose StatementBegin\nCREATE FUNCTION')).toBe(true);
    expect(split.down).toMatchObject({ firstLine: 9, text: 'DROP INDEX CONCURRENTLY i;\nDROP FUNCTION f();' });
    expectLinesMap(file, split.up);
    expectLinesMap(file, split.down);
  });

  it('sets noTransaction on both sections from NO TRANSACTION', () => {
    const split = splitSqlFile(file, 'g.sql');
    expect([split.up!.noTransaction, split.down!.noTransaction]).toEqual([true, true]);
    const plain = splitSqlFile(file.replace('-- +goose NO TRANSACTION', '-- plain'), 'g.sql');
    expect([plain.up!.noTransaction, plain.down!.noTransaction]).toEqual([false, false]);
  });

  it('accepts lower-case commands and reports Down before Up', () => {
    expect(splitSqlFile('-- +goose up\nSELECT 1;\n', 'g.sql').up).toMatchObject({ firstLine: 2, text: 'SELECT 1;\n' });
    const split = splitSqlFile('-- +goose Down\nSELECT 1;\n-- +goose Up\nSELECT 2;\n', 'g.sql');
    expect(split.problems).toEqual([expect.objectContaining({ line: 1, hint: expect.stringContaining('-- +goose Up') })]);
  });
});

describe('node-pg-migrate SQL markers', () => {
  it('splits -- Up Migration / -- Down Migration into sections with file lines', () => {
    const text = '-- Up Migration\nCREATE TABLE a (id int);\n\n-- Down Migration\nDROP TABLE a;\n';
    const split = splitSqlFile(text, 'm.sql');
    expect(split.problems).toEqual([]);
    expect(split.up).toMatchObject({ firstLine: 2, text: 'CREATE TABLE a (id int);\n\n' });
    expect(split.down).toMatchObject({ firstLine: 5, text: 'DROP TABLE a;\n' });
  });
});
