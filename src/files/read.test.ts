import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { readMigrationPaths, readMigrations } from './read.js';
import { checksum, checksumParts } from './normalise.js';
import type { SqlSection } from './types.js';

const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A temp directory holding `files` (paths may contain `/`); returns its absolute path. */
async function fixture(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'safe-migrate-files-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

const sql = (section: unknown): SqlSection => section as SqlSection;

describe('readMigrations: each form', () => {
  it('reads a single file with -- migrate:up / -- migrate:down', async () => {
    const dir = await fixture({ '0001_users.sql': '-- comment\n-- migrate:up\nCREATE TABLE users ();\n-- migrate:down\nDROP TABLE users;\n' });
    const { migrations, problems } = await readMigrations(dir, { cwd: dir });
    expect(problems).toEqual([]);
    expect(migrations).toEqual([
      {
        id: '0001',
        name: '0001_users',
        form: 'sql',
        files: ['0001_users.sql'],
        checksum: checksum('-- comment\n-- migrate:up\nCREATE TABLE users ();\n-- migrate:down\nDROP TABLE users;\n'),
        up: { type: 'sql', file: '0001_users.sql', text: 'CREATE TABLE users ();\n', firstLine: 3, noTransaction: false },
        down: { type: 'sql', file: '0001_users.sql', text: 'DROP TABLE users;\n', firstLine: 5, noTransaction: false },
      },
    ]);
  });

  it('reads a file without markers as all up, no down', async () => {
    const dir = await fixture({ '0001_a.sql': 'SELECT 1;\n' });
    const [migration] = (await readMigrations(dir, { cwd: dir })).migrations;
    expect(migration).toMatchObject({ form: 'sql', up: { text: 'SELECT 1;\n', firstLine: 1 }, down: undefined });
  });

  it('reads .up.sql/.down.sql pairs and hashes up, NUL, down', async () => {
    const dir = await fixture({ '0001_a.up.sql': 'CREATE TABLE a ();\n', '0001_a.down.sql': 'DROP TABLE a;\n', '0002_b.up.sql': 'SELECT 2;\n' });
    const { migrations, problems } = await readMigrations(dir, { cwd: dir });
    expect(problems).toEqual([]);
    expect(migrations[0]).toMatchObject({
      id: '0001',
      form: 'sql-pair',
      files: ['0001_a.up.sql', '0001_a.down.sql'],
      checksum: checksumParts('CREATE TABLE a ();\n', 'DROP TABLE a;\n'),
      up: { file: '0001_a.up.sql', text: 'CREATE TABLE a ();\n', firstLine: 1 },
      down: { file: '0001_a.down.sql', text: 'DROP TABLE a;\n', firstLine: 1 },
    });
    expect(migrations[1]).toMatchObject({ name: '0002_b', form: 'sql-pair', down: undefined, checksum: checksum('SELECT 2;\n') });
  });

  it('reads directory-per-migration (diesel), down optional', async () => {
    const dir = await fixture({
      '2019-02-26-002946_create_user/up.sql': 'CREATE TABLE u ();\n',
      '2019-02-26-002946_create_user/down.sql': 'DROP TABLE u;\n',
      '2019-03-01-000000_only_up/up.sql': 'SELECT 1;\n',
    });
    const { migrations, problems } = await readMigrations(dir, { cwd: dir });
    expect(problems).toEqual([]);
    expect(migrations.map((m) => [m.id, m.form, m.files, m.down?.file])).toEqual([
      ['2019-02-26-002946', 'directory', ['2019-02-26-002946_create_user/up.sql', '2019-02-26-002946_create_user/down.sql'], '2019-02-26-002946_create_user/down.sql'],
      ['2019-03-01-000000', 'directory', ['2019-03-01-000000_only_up/up.sql'], undefined],
    ]);
  });

  it('reads goose files', async () => {
    const dir = await fixture({ '00001_g.sql': '-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose StatementEnd\n-- +goose Down\nSELECT 2;\n' });
    const [migration] = (await readMigrations(dir, { cwd: dir })).migrations;
    expect(migration).toMatchObject({ id: '00001', form: 'goose', up: { firstLine: 2 }, down: { firstLine: 6, text: 'SELECT 2;\n' } });
  });

  it('reads Prisma migration directories (up only)', async () => {
    const dir = await fixture({ '20230404095503_init/migration.sql': '-- CreateTable\nCREATE TABLE "User" ();\n', 'migration_lock.toml': 'provider = "postgresql"\n' });
    const { migrations, problems } = await readMigrations(dir, { cwd: dir });
    expect(problems).toEqual([]);
    expect(migrations).toMatchObject([{ id: '20230404095503', name: '20230404095503_init', form: 'prisma', files: ['20230404095503_init/migration.sql'], down: undefined }]);
  });

  it('sets noTransaction from the directive in any form', async () => {
    const dir = await fixture({ '0001_a.up.sql': '-- safe-migrate:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);\n', '0002_b/up.sql': 'SELECT 1;\n' });
    const { migrations } = await readMigrations(dir);
    expect(migrations.map((m) => m.up.noTransaction)).toEqual([true, false]);
  });
});

describe('readMigrations: a mixed directory', () => {
  const files = {
    'a_lower.sql': 'SELECT 1;\n',
    'Z_upper.sql': 'SELECT 1;\n',
    '0005_knex.cjs': "exports.up = (knex) => knex.raw('SELECT 5');\n",
    '0004_prisma/migration.sql': 'SELECT 4;\n',
    '0003_dir/up.sql': 'SELECT 3;\n',
    '0002_pair.up.sql': 'SELECT 2;\n',
    '0002_pair.down.sql': 'SELECT -2;\n',
    '0001-0_dash.sql': 'SELECT 0;\n',
    '0001_goose.sql': '-- +goose Up\nSELECT 1;\n',
    noid: 'not a migration (no extension)\n',
    'noUnderscore.sql': 'SELECT 6;\n',
    '.hidden.sql': 'SELECT 0;\n',
    'README.md': '# migrations\n',
    README: 'read me\n',
    'notes.txt': 'notes\n',
    'types.d.ts': 'export {};\n',
    'helpers/util.txt': 'not a migration directory\n',
    '.git/up.sql': 'SELECT 0;\n',
  };

  it('reads every form, orders by code unit, ignores non-migrations', async () => {
    const dir = await fixture(files);
    const { migrations, problems } = await readMigrations(dir, { cwd: dir });
    expect(problems).toEqual([]);
    expect(migrations.map((m) => [m.name, m.id, m.form])).toEqual([
      ['0001-0_dash', '0001-0', 'sql'],
      ['0001_goose', '0001', 'goose'],
      ['0002_pair', '0002', 'sql-pair'],
      ['0003_dir', '0003', 'directory'],
      ['0004_prisma', '0004', 'prisma'],
      ['0005_knex', '0005', 'knex'],
      ['Z_upper', 'Z', 'sql'],
      ['a_lower', 'a', 'sql'],
      ['noUnderscore', 'noUnderscore', 'sql'],
    ]);
  });
});

describe('checksums and normalised text', () => {
  const lf = '-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n';

  it('ignores CRLF/CR/BOM differences but not whitespace edits', async () => {
    const dir = await fixture({
      'a/0001_x.sql': lf,
      'b/0001_x.sql': `\uFEFF${lf.replace(/\n/g, '\r\n')}`,
      'c/0001_x.sql': lf.replace(/\n/g, '\r'),
      'd/0001_x.sql': lf.replace('(id int)', '(id  int)'),
    });
    const sums = await Promise.all(['a', 'b', 'c', 'd'].map(async (sub) => (await readMigrations(path.join(dir, sub))).migrations[0]!.checksum));
    expect(sums.slice(0, 3)).toEqual([checksum(lf), checksum(lf), checksum(lf)]);
    expect(sums[3]).not.toBe(checksum(lf));
  });

  it('gives sections the normalised text (no BOM, LF) with line numbers intact', async () => {
    const dir = await fixture({ '0001_x.sql': `\uFEFF${lf.replace(/\n/g, '\r\n')}` });
    const [migration] = (await readMigrations(dir)).migrations;
    expect(sql(migration!.up)).toMatchObject({ text: 'CREATE TABLE t (id int);\n', firstLine: 2 });
    expect(sql(migration!.down)).toMatchObject({ text: 'DROP TABLE t;\n', firstLine: 4 });
  });

  it('reads a 10 MB file', async () => {
    const body = 'INSERT INTO t (id, name) VALUES (1, \'some name\');\n'.repeat(210_000);
    const dir = await fixture({ '0001_big.sql': `-- migrate:up\n${body}-- migrate:down\nDELETE FROM t;\n` });
    const started = Date.now();
    const { migrations, problems } = await readMigrations(dir);
    expect(problems).toEqual([]);
    expect(sql(migrations[0]!.up).text.length).toBe(body.length);
    expect(sql(migrations[0]!.down).firstLine).toBe(210_000 + 3);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('file paths', () => {
  it('are relative to cwd when inside it, absolute otherwise', async () => {
    const dir = await fixture({ 'migrations/0001_a.sql': 'SELECT 1;\n' });
    const inside = await readMigrations('migrations', { cwd: dir });
    expect(inside.migrations[0]!.files).toEqual([path.join('migrations', '0001_a.sql')]);
    const elsewhere = await fixture({});
    const outside = await readMigrations(path.join(dir, 'migrations'), { cwd: elsewhere });
    expect(outside.migrations[0]!.files).toEqual([path.join(dir, 'migrations', '0001_a.sql')]);
    expect(outside.migrations[0]!.up.file).toBe(path.join(dir, 'migrations', '0001_a.sql'));
  });
});

describe('readMigrationPaths', () => {
  const layout = {
    'migrations/0001_a.up.sql': 'SELECT 1;\n',
    'migrations/0001_a.down.sql': 'SELECT -1;\n',
    'migrations/0002_b.sql': 'SELECT 2;\n',
    'migrations/0003_c/up.sql': 'SELECT 3;\n',
    'migrations/0003_c/down.sql': 'SELECT -3;\n',
    'make/migrations/postgresql/0001_init.up.sql': 'SELECT 1;\n',
    'make/migrations/postgresql/0002_more.up.sql': 'SELECT 2;\n',
    'make/migrations/README.md': '# nested\n',
  };

  it('combines a .up.sql path with its .down.sql sibling (either half given)', async () => {
    const dir = await fixture(layout);
    for (const half of ['0001_a.up.sql', '0001_a.down.sql']) {
      const { migrations, problems } = await readMigrationPaths([`migrations/${half}`], { cwd: dir });
      expect(problems).toEqual([]);
      expect(migrations.map((m) => [m.name, m.files.length, m.down?.file])).toEqual([['0001_a', 2, path.join('migrations', '0001_a.down.sql')]]);
    }
  });

  it('maps up.sql or down.sql in a diesel directory, or the directory, to that migration', async () => {
    const dir = await fixture(layout);
    for (const target of ['migrations/0003_c/up.sql', 'migrations/0003_c/down.sql', 'migrations/0003_c']) {
      const { migrations } = await readMigrationPaths([target], { cwd: dir });
      expect(migrations.map((m) => [m.name, m.form, m.files.length])).toEqual([['0003_c', 'directory', 2]]);
    }
  });

  it('reads directories, and one level down when the top holds no migration', async () => {
    const dir = await fixture(layout);
    const flat = await readMigrationPaths(['migrations'], { cwd: dir });
    expect(flat.migrations.map((m) => m.name)).toEqual(['0001_a', '0002_b', '0003_c']);
    const nested = await readMigrationPaths(['make/migrations'], { cwd: dir });
    expect(nested.problems).toEqual([]);
    expect(nested.migrations.map((m) => m.files[0])).toEqual([
      path.join('make', 'migrations', 'postgresql', '0001_init.up.sql'),
      path.join('make', 'migrations', 'postgresql', '0002_more.up.sql'),
    ]);
  });

  it('counts a migration named twice once, keeps order, and checks ids per directory', async () => {
    const dir = await fixture(layout);
    const { migrations, problems } = await readMigrationPaths(
      ['migrations/0002_b.sql', 'migrations/0001_a.down.sql', 'migrations/0001_a.up.sql', 'migrations', 'make/migrations/postgresql'],
      { cwd: dir },
    );
    expect(problems).toEqual([]);
    expect(migrations.map((m) => m.files[0])).toEqual([
      path.join('make', 'migrations', 'postgresql', '0001_init.up.sql'),
      path.join('make', 'migrations', 'postgresql', '0002_more.up.sql'),
      path.join('migrations', '0001_a.up.sql'),
      path.join('migrations', '0002_b.sql'),
      path.join('migrations', '0003_c', 'up.sql'),
    ]);
  });

  it('reports missing paths and files that are no migration', async () => {
    const dir = await fixture(layout);
    const { migrations, problems } = await readMigrationPaths(['nope.sql', 'make/migrations/README.md'], { cwd: dir });
    expect(migrations).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({ file: 'nope.sql', message: 'does not exist' }),
      expect.objectContaining({ file: path.join('make', 'migrations', 'README.md'), message: 'not a migration file', hint: expect.any(String) }),
    ]);
  });

  it('returns nothing for no paths', async () => {
    expect(await readMigrationPaths([])).toEqual({ migrations: [], problems: [] });
  });
});
