import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { readMigrations } from './read.js';
import { importProblem, errorMessage } from './load-knex.js';
import { createRecordingKnex } from './knex-recorder.js';
import { checksum } from './normalise.js';
import type { KnexSection } from './types.js';

const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function fixture(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'safe-migrate-knex-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

const knexSection = (section: unknown): KnexSection => section as KnexSection;

const CJS = `exports.up = function (knex) {
  return knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.text('email');
  });
};
exports.down = function (knex) {
  return knex.schema.dropTable('users');
};
`;

const ESM = `export async function up(knex) {
  await knex.schema.alterTable('users', (t) => { t.text('notes'); });
  await knex('users').insert({ email: 'a@example.com' });
}
export async function down(knex) {
  await knex.schema.alterTable('users', (t) => { t.dropColumn('notes'); });
}
`;

describe('knex modules', () => {
  it('reads CommonJS (.js, .cjs) and ESM (.mjs, .js with type module) modules', async () => {
    const dir = await fixture({
      '0001_cjs.js': CJS,
      '0002_cjs.cjs': `module.exports = { up: (knex) => knex.raw('select 2') };\n`,
      '0003_esm.mjs': ESM,
      'esm/package.json': '{ "type": "module" }\n',
      'esm/0004_esm.js': ESM,
    });
    const flat = await readMigrations(dir, { cwd: dir });
    expect(flat.problems).toEqual([]);
    expect(flat.migrations.map((m) => [m.id, m.form, m.files])).toEqual([
      ['0001', 'knex', ['0001_cjs.js']],
      ['0002', 'knex', ['0002_cjs.cjs']],
      ['0003', 'knex', ['0003_esm.mjs']],
    ]);
    const [cjs, short, esm] = flat.migrations;
    expect(knexSection(cjs!.up).captured).toEqual(['create table "users" ("id" serial primary key, "email" text)']);
    expect(knexSection(cjs!.down).captured).toEqual(['drop table "users"']);
    expect(short!.down).toBeUndefined();
    expect(knexSection(esm!.up)).toMatchObject({
      type: 'knex',
      file: '0003_esm.mjs',
      captured: ['alter table "users" add column "notes" text', 'insert into "users" ("email") values (\'a@example.com\')'],
      noTransaction: false,
    });
    expect(cjs!.checksum).toBe(checksum(CJS));
    const typeModule = await readMigrations(path.join(dir, 'esm'));
    expect(typeModule.problems).toEqual([]);
    expect(knexSection(typeModule.migrations[0]!.up).captured).toHaveLength(2);
  });

  it('keeps the original function as run', async () => {
    const dir = await fixture({ '0001_a.mjs': ESM });
    const up = knexSection((await readMigrations(dir)).migrations[0]!.up);
    const { knex, captured } = createRecordingKnex();
    await up.run(knex);
    expect(captured).toEqual(up.captured);
  });

  it('config.transaction = false sets noTransaction on both sections', async () => {
    const dir = await fixture({
      '0001_a.mjs': `export const config = { transaction: false };\nexport async function up(knex) { await knex.raw('CREATE INDEX CONCURRENTLY i ON t (c)'); }\nexport async function down(knex) { await knex.raw('DROP INDEX CONCURRENTLY i'); }\n`,
      '0002_b.cjs': `exports.config = { transaction: false };\nexports.up = (knex) => knex.raw('select 1');\n`,
    });
    const { migrations } = await readMigrations(dir);
    expect(migrations.map((m) => [m.up.noTransaction, m.down?.noTransaction])).toEqual([
      [true, true],
      [true, undefined],
    ]);
  });

  it('reports a module that throws on import: message only, never a stack', async () => {
    const dir = await fixture({
      '0001_throws.mjs': `const x = 1;\nthrow new Error('cannot start: missing env FOO');\nexport function up() {}\n`,
      '0002_ok.mjs': `export function up(knex) { return knex.raw('select 1'); }\n`,
    });
    const { migrations, problems } = await readMigrations(dir, { cwd: dir });
    expect(migrations.map((m) => m.name)).toEqual(['0002_ok']);
    expect(problems).toEqual([
      expect.objectContaining({ file: '0001_throws.mjs', message: 'knex module failed to import: cannot start: missing env FOO', hint: expect.any(String) }),
    ]);
    expect(problems[0]!.message).not.toMatch(/\n|\bat /);
  });

  it('reports a module without an up function, or a down that is not one', async () => {
    const dir = await fixture({
      '0001_none.cjs': `exports.migrate = () => {};\n`,
      '0002_str.mjs': `export const up = 'CREATE TABLE t ()';\n`,
      '0003_down.mjs': `export function up(knex) { return knex.raw('select 1'); }\nexport const down = 42;\n`,
    });
    const { migrations, problems } = await readMigrations(dir, { cwd: dir });
    expect(migrations).toEqual([]);
    expect(problems.map((p) => [p.file, p.message])).toEqual([
      ['0001_none.cjs', 'knex module does not export an up function'],
      ['0002_str.mjs', 'knex module exports "up" but it is a string, not a function'],
      ['0003_down.mjs', 'knex module exports "down" but it is not a function'],
    ]);
  });

  it('reports an up that fails while recording, or records no query at all', async () => {
    const dir = await fixture({
      '0001_fails.mjs': `export async function up(knex) {\n  const [row] = await knex('t').select('n');\n  await knex.raw('select ' + row.n);\n}\n`,
      '0002_forgot.cjs': `exports.up = function (knex) { knex.schema.createTable('t', () => {}); };\n`,
    });
    const { migrations, problems } = await readMigrations(dir, { cwd: dir });
    expect(migrations).toHaveLength(2);
    expect(problems).toEqual([
      expect.objectContaining({ file: '0001_fails.mjs', message: expect.stringMatching(/^up\(knex\) failed while its SQL was recorded offline: /) }),
      expect.objectContaining({ file: '0002_forgot.cjs', message: 'empty up section: up(knex) ran no query' }),
    ]);
  });

  it('a .ts module is either imported (a loader is present, as under vitest) or reported with what to do', async () => {
    const dir = await fixture({ '0001_a.ts': `export async function up(knex: { raw(sql: string): unknown }): Promise<void> {\n  await knex.raw('select 1');\n}\n`, '0001_a.d.ts': 'export {};\n' });
    const { migrations, problems } = await readMigrations(dir, { cwd: dir });
    if (problems.length === 0) {
      expect(knexSection(migrations[0]!.up).captured).toEqual(['select 1']);
    } else {
      expect(problems).toEqual([expect.objectContaining({ file: '0001_a.ts', hint: expect.stringContaining('compile it') })]);
    }
  });
});

describe('importProblem', () => {
  it('explains how to load a .ts module when Node cannot', () => {
    const error = Object.assign(new TypeError('Unknown file extension ".ts" for /x/0001_a.ts'), { code: 'ERR_UNKNOWN_FILE_EXTENSION' });
    expect(importProblem(error, '/x/0001_a.ts', '0001_a.ts')).toEqual({
      file: '0001_a.ts',
      message: 'cannot import a TypeScript knex module: this Node.js runs .ts files only with a loader',
      hint: expect.stringContaining('compile it to .js'),
    });
  });

  it('takes the line from a stack frame in the module', () => {
    const error = new SyntaxError('Unexpected identifier');
    error.stack = 'file:///x/0001_a.mjs:7\n  bad code\n  ^^^\nSyntaxError: Unexpected identifier\n    at ModuleLoader (node:internal)';
    expect(importProblem(error, '/x/0001_a.mjs', '0001_a.mjs')).toMatchObject({ line: 7, message: 'knex module failed to import: Unexpected identifier' });
  });

  it('errorMessage keeps the first line, or two when the first introduces the second', () => {
    expect(errorMessage(new Error('one\ntwo'))).toBe('one');
    expect(errorMessage(new Error('Parse failed with 1 error:\n3:10: Unexpected token'))).toBe('Parse failed with 1 error: 3:10: Unexpected token');
    expect(errorMessage('thrown string')).toBe('thrown string');
  });
});
