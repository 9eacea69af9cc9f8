// R8 (short form): edited, renamed, deleted and out-of-order files.
import { rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeProject, runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
let cwd: string;
const env = () => ({ DATABASE_URL: db.url });
beforeEach(async () => {
  db = await createTestDatabase();
  cwd = makeProject({
    'migrations/0001_a.sql': 'CREATE TABLE a (id int);\n',
    'migrations/0002_b.sql': 'CREATE TABLE b (id int);\n',
  });
  expect((await runCli(['up'], { cwd, env: env() })).code).toBe(0);
});
afterEach(async () => {
  await db.drop();
});

describe('integrity checks (R8)', () => {
  it('refuses an edited applied migration, showing both hashes, until repair --accept', async () => {
    writeFiles(cwd, { 'migrations/0001_a.sql': 'CREATE TABLE a (id bigint);\n', 'migrations/0003_c.sql': 'CREATE TABLE c (id int);' });
    const up = await runCli(['up'], { cwd, env: env() });
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/applied migration 0001_a was edited: recorded checksum [0-9a-f]{12}, file now [0-9a-f]{12}/);
    expect(up.stderr).toContain('repair --accept 0001');
    const status = await runCli(['status', '--format', 'json'], { cwd, env: env() });
    expect(status.code).toBe(2);
    expect(JSON.parse(status.stdout).migrations[0].state).toBe('edited');

    expect((await runCli(['repair', '--accept', '0001', '--reason', 'reviewed'], { cwd, env: env() })).code).toBe(0);
    expect((await runCli(['up'], { cwd, env: env() })).code).toBe(0);
    const log = JSON.parse((await runCli(['log', '--format', 'json'], { cwd, env: env() })).stdout);
    expect(log.events.map((e: any) => e.action)).toContain('repair');
  });

  it('accepts CRLF and BOM-only changes', async () => {
    writeFileSync(`${cwd}/migrations/0001_a.sql`, '\ufeffCREATE TABLE a (id int);\r\n');
    const up = await runCli(['up'], { cwd, env: env() });
    expect(up.code).toBe(0);
  });

  it('refuses a whitespace-only edit', async () => {
    writeFiles(cwd, { 'migrations/0001_a.sql': 'CREATE TABLE a  (id int);\n' });
    expect((await runCli(['up'], { cwd, env: env() })).code).toBe(2);
  });

  it('accepts a renamed file with the same id and content', async () => {
    rmSync(`${cwd}/migrations/0002_b.sql`);
    writeFiles(cwd, { 'migrations/0002_create_b.sql': 'CREATE TABLE b (id int);\n' });
    expect((await runCli(['up'], { cwd, env: env() })).code).toBe(0);
  });

  it('refuses a deleted applied migration older than the newest file', async () => {
    rmSync(`${cwd}/migrations/0001_a.sql`);
    const up = await runCli(['up'], { cwd, env: env() });
    expect(up.code).toBe(2);
    expect(up.stderr).toContain('applied migration 0001_a has no file');
  });

  it('treats rows newer than every file as future (the older colour), not as missing', async () => {
    rmSync(`${cwd}/migrations/0002_b.sql`);
    const status = await runCli(['status', '--format', 'json'], { cwd, env: env() });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).migrations.map((m: any) => m.state)).toEqual(['applied', 'future']);
    expect((await runCli(['up'], { cwd, env: env() })).code).toBe(0);
  });

  it('refuses a new file older than the newest applied one unless --allow-out-of-order', async () => {
    writeFiles(cwd, { 'migrations/0001a_late.sql': 'CREATE TABLE late (id int);\n' });
    const up = await runCli(['up'], { cwd, env: env() });
    expect(up.code).toBe(2);
    expect(up.stderr).toContain('pending migration 0001a_late is older than the newest applied one (0002_b)');
    expect((await runCli(['up', '--allow-out-of-order'], { cwd, env: env() })).code).toBe(0);
  });

  it('status --check exits 1 while something is pending', async () => {
    expect((await runCli(['status', '--check'], { cwd, env: env() })).code).toBe(0);
    writeFiles(cwd, { 'migrations/0003_c.sql': 'CREATE TABLE c (id int);' });
    expect((await runCli(['status', '--check'], { cwd, env: env() })).code).toBe(1);
  });
});
