import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { readMigrations } from './read.js';
import { MAX_FILE_BYTES } from './load-sql.js';
import type { InputProblem } from './types.js';

const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function fixture(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'safe-migrate-problems-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

/** Reads `files` and returns the problems, after checking each says what to do. */
async function problemsOf(files: Record<string, string | Uint8Array>): Promise<InputProblem[]> {
  const dir = await fixture(files);
  const { problems } = await readMigrations(dir, { cwd: dir });
  for (const problem of problems) expect(problem.hint, problem.message).toBeTruthy();
  return problems;
}

describe('problems are reported with file and line, never thrown', () => {
  it('invalid UTF-8: the line and column of the first bad byte', async () => {
    const bad = Buffer.concat([Buffer.from('-- migrate:up\nSELECT 1;\nSELECT \''), Buffer.from([0xff, 0xfe]), Buffer.from("';\n")]);
    const problems = await problemsOf({ '0001_a.sql': bad, '0002_b.sql': 'SELECT 2;\n' });
    expect(problems).toEqual([expect.objectContaining({ file: '0001_a.sql', line: 3, column: 9, message: 'file is not valid UTF-8' })]);
  });

  it('duplicate ids: names both files', async () => {
    const problems = await problemsOf({ '0001_a.sql': 'SELECT 1;\n', '0001_b/up.sql': 'SELECT 2;\n', '0002_c.sql': 'SELECT 3;\n' });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe(path.join('0001_b', 'up.sql'));
    expect(problems[0]!.message).toContain('"0001"');
    expect(problems[0]!.message).toContain('0001_a.sql');
    expect(problems[0]!.message).toContain(path.join('0001_b', 'up.sql'));
  });

  it('the same name in two forms is a duplicate id too', async () => {
    const problems = await problemsOf({ '0001_a.sql': 'SELECT 1;\n', '0001_a.up.sql': 'SELECT 1;\n' });
    expect(problems).toEqual([expect.objectContaining({ message: expect.stringContaining('duplicate migration id "0001"') })]);
  });

  it('empty up sections: at the marker line, or line 1 for whole-file forms', async () => {
    const problems = await problemsOf({
      '0001_a.sql': '-- header\n-- migrate:up\n-- nothing here\n\n-- migrate:down\nDROP TABLE t;\n',
      '0002_b.up.sql': '  \n',
      '0003_c/up.sql': '/* todo */\n',
      '0004_d/migration.sql': '',
      '0005_e.sql': '-- +goose Up\n-- +goose Down\nSELECT 1;\n',
      '0006_f.sql': 'SELECT 1; -- fine\n',
    });
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      ['0001_a.sql', 2],
      ['0002_b.up.sql', 1],
      [path.join('0003_c', 'up.sql'), 1],
      [path.join('0004_d', 'migration.sql'), 1],
      ['0005_e.sql', 1],
    ]);
    expect(problems.every((p) => p.message.startsWith('empty up section'))).toBe(true);
  });

  it('keeps a migration with an empty up (lint can still show it) but reports it', async () => {
    const dir = await fixture({ '0001_a.sql': '-- migrate:up\n-- migrate:down\nSELECT 1;\n' });
    const { migrations, problems } = await readMigrations(dir);
    expect(migrations).toHaveLength(1);
    expect(problems).toHaveLength(1);
  });

  it('a .down.sql without its .up.sql, and down.sql without up.sql', async () => {
    const problems = await problemsOf({ '0001_a.down.sql': 'DROP TABLE a;\n', '0002_b/down.sql': 'DROP TABLE b;\n' });
    expect(problems).toEqual([
      expect.objectContaining({ file: '0001_a.down.sql', message: expect.stringContaining('no matching 0001_a.up.sql') }),
      expect.objectContaining({ file: path.join('0002_b', 'down.sql'), message: expect.stringContaining('down.sql without up.sql') }),
    ]);
  });

  it('-- migrate:down before -- migrate:up', async () => {
    const problems = await problemsOf({ '0001_a.sql': '-- x\n-- migrate:down\nDROP TABLE t;\n-- migrate:up\nCREATE TABLE t ();\n' });
    expect(problems).toEqual([expect.objectContaining({ file: '0001_a.sql', line: 2 })]);
  });

  it('a file larger than 50 MB (not read at all)', async () => {
    const dir = await fixture({ '0002_ok.sql': 'SELECT 1;\n' });
    await writeFile(path.join(dir, '0001_huge.sql'), '');
    await truncate(path.join(dir, '0001_huge.sql'), MAX_FILE_BYTES + 1); // sparse: no 50 MB written
    const { migrations, problems } = await readMigrations(dir, { cwd: dir });
    expect(migrations.map((m) => m.name)).toEqual(['0002_ok']);
    expect(problems).toEqual([expect.objectContaining({ file: '0001_huge.sql', message: expect.stringContaining('too large') })]);
  });

  it('an unreadable file (a broken symlink named like a migration)', async () => {
    const dir = await fixture({});
    await symlink(path.join(dir, 'missing-target.sql'), path.join(dir, '0001_a.sql'));
    const { problems } = await readMigrations(dir, { cwd: dir });
    expect(problems).toEqual([expect.objectContaining({ file: '0001_a.sql', message: 'cannot read file: file not found' })]);
  });

  it('a missing directory, or a file given as the directory', async () => {
    const dir = await fixture({ 'file.sql': 'SELECT 1;\n' });
    expect((await readMigrations('nope', { cwd: dir })).problems).toEqual([expect.objectContaining({ file: 'nope', message: 'does not exist' })]);
    expect((await readMigrations('file.sql', { cwd: dir })).problems).toEqual([expect.objectContaining({ file: 'file.sql', message: 'not a directory' })]);
  });

  it('one bad file does not hide the others', async () => {
    const dir = await fixture({ '0001_a.down.sql': 'x\n', '0002_b.sql': 'SELECT 2;\n', '0003_c.sql': Buffer.from([0xc0]) });
    const { migrations, problems } = await readMigrations(dir);
    expect(migrations.map((m) => m.name)).toEqual(['0002_b']);
    expect(problems).toHaveLength(2);
  });
});
