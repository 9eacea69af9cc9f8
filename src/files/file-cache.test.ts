import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checksum } from './normalise.js';
import { readMigrations } from './read.js';

let root: string;
let dir: string;
let cacheDir: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'safe-migrate-cache-'));
  dir = path.join(root, 'migrations');
  cacheDir = path.join(root, 'cache');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const cache = () => ({ dir: cacheDir, minMigrations: 0 });
const read = () => readMigrations(dir, { cwd: root, cache: cache() });

/** Writes migration files with a modification time a minute ago, so they are not "racy". */
function writeOld(files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  const past = new Date(Date.now() - 60_000);
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), text);
    utimesSync(path.join(dir, name), past, past);
  }
}

function cachedKeys(): number {
  const [file] = readdirSync(cacheDir);
  return Object.keys(JSON.parse(readFileSync(path.join(cacheDir, file!), 'utf8')).entries).length;
}

describe('checksum cache', () => {
  it('remembers unchanged files and serves their checksum without reading them; sections load on use', async () => {
    writeOld({ '0001_a.sql': 'CREATE TABLE a (id int);\n', '0002_b.up.sql': 'CREATE TABLE b (id int);\n', '0002_b.down.sql': 'DROP TABLE b;\n' });
    const first = await read();
    expect(first.problems).toEqual([]);
    expect(cachedKeys()).toBe(2);
    const second = await read();
    expect(second.migrations.map((m) => [m.id, m.checksum, m.form])).toEqual(first.migrations.map((m) => [m.id, m.checksum, m.form]));
    expect(second.migrations[1]!.down).toMatchObject({ type: 'sql', text: 'DROP TABLE b;\n' });
    expect(second.migrations[0]!.up).toMatchObject({ type: 'sql', text: 'CREATE TABLE a (id int);\n' });
  });

  it('an edit changes the modification time: the file is read again and its new checksum reported', async () => {
    writeOld({ '0001_a.sql': 'CREATE TABLE a (id int);\n' });
    await read();
    writeFileSync(path.join(dir, '0001_a.sql'), 'CREATE TABLE a (id bigint);\n');
    const { migrations } = await read();
    expect(migrations[0]!.checksum).toBe(checksum('CREATE TABLE a (id bigint);\n'));
  });

  it('a file changed behind the stat check (same size, time put back) fails when its SQL is used', async () => {
    writeOld({ '0001_a.sql': 'CREATE TABLE a (id int);\n' });
    await read();
    const file = path.join(dir, '0001_a.sql');
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'CREATE TABLE z (id int);\n');
    utimesSync(file, atime, mtime);
    const { migrations } = await read();
    // The cache vouches for the old checksum (the limit of any stat cache, as in git)…
    expect(migrations[0]!.checksum).toBe(checksum('CREATE TABLE a (id int);\n'));
    // …but SQL that does not match it is never handed out.
    expect(() => migrations[0]!.up).toThrow(/0001_a\.sql changed while safe-migrate was running/);
  });

  it('does not cache files modified in the last seconds, nor migrations with problems, nor small directories', async () => {
    writeOld({ '0001_a.sql': 'CREATE TABLE a (id int);\n', '0002_empty.sql': '-- nothing\n' });
    writeFileSync(path.join(dir, '0003_new.sql'), 'CREATE TABLE c (id int);\n');
    const { problems } = await read();
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/empty up section/)]);
    expect(cachedKeys()).toBe(1);
    expect((await read()).problems).toHaveLength(1);
    rmSync(cacheDir, { recursive: true });
    await readMigrations(dir, { cwd: root, cache: { dir: cacheDir, minMigrations: 4 } });
    expect(() => readdirSync(cacheDir)).toThrow(/ENOENT/);
  });

  it('a deleted migration drops out of the cache, and a damaged cache file is rebuilt', async () => {
    writeOld({ '0001_a.sql': 'CREATE TABLE a (id int);\n', '0002_b.sql': 'CREATE TABLE b (id int);\n' });
    await read();
    rmSync(path.join(dir, '0002_b.sql'));
    expect((await read()).migrations.map((m) => m.id)).toEqual(['0001']);
    expect(cachedKeys()).toBe(1);
    const [file] = readdirSync(cacheDir);
    writeFileSync(path.join(cacheDir, file!), '{not json');
    expect((await read()).migrations.map((m) => m.id)).toEqual(['0001']);
    expect(cachedKeys()).toBe(1);
  });
});

describe('checksum cache housekeeping', () => {
  it('writing a cache removes cache files untouched for 30 days, and nothing else', async () => {
    mkdirSync(cacheDir, { recursive: true });
    const stale = path.join(cacheDir, 'files-v2-0123456789abcdef01234567.json');
    const recent = path.join(cacheDir, 'files-v2-76543210fedcba9876543210.json');
    const foreign = path.join(cacheDir, 'notes.txt');
    for (const f of [stale, recent, foreign]) writeFileSync(f, '{}');
    const old = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    utimesSync(stale, old, old);
    utimesSync(foreign, old, old);
    writeOld({ '0001_a.sql': 'CREATE TABLE a (id int);\n' });
    await read();
    expect([existsSync(stale), existsSync(recent), existsSync(foreign)]).toEqual([false, true, true]);
  });
});
