// R6 (short form): step k of n fails → steps < k applied and recorded, k absent, > k not run,
// exit 4; after fixing the file, up resumes at k. R7 (short form): bad files refused before any DDL.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeProject, runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

async function ledgerIds(): Promise<string[]> {
  const { rows } = await db.query(`SELECT to_regclass('safe_migrate.migrations') IS NOT NULL AS e`);
  if (!rows[0].e) return [];
  return (await db.query(`SELECT id || ':' || state AS r FROM safe_migrate.migrations ORDER BY id`)).rows.map((r) => r.r);
}

async function tables(): Promise<string[]> {
  const { rows } = await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  return rows.map((r) => r.tablename);
}

describe('a failing step (R6)', () => {
  it('keeps earlier steps, leaves the failing one absent, runs nothing after it, exits 4, and resumes after a fix', async () => {
    const cwd = makeProject({
      'migrations/0001_a.sql': 'CREATE TABLE a (id int);',
      'migrations/0002_b.sql': 'CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\nINSERT INTO b VALUES (1 / 0);',
      'migrations/0003_c.sql': 'CREATE TABLE c (id int);',
    });
    const env = { DATABASE_URL: db.url };
    const up = await runCli(['up'], { cwd, env });
    expect(up.code).toBe(4);
    expect(up.stderr).toMatch(/migrations\/0002_b\.sql:3:1: .*0002_b \(up\) failed.*division by zero/);
    expect(await tables()).toEqual(['a']);
    expect(await ledgerIds()).toEqual(['0001:applied']);

    writeFiles(cwd, { 'migrations/0002_b.sql': 'CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);' });
    const again = await runCli(['up'], { cwd, env });
    expect(again.code).toBe(0);
    expect(await tables()).toEqual(['a', 'b', 'c']);
    expect(await ledgerIds()).toEqual(['0001:applied', '0002:applied', '0003:applied']);
  });

  it('fails a constraint violation on existing data with exit 4 and nothing of that step applied', async () => {
    const cwd = makeProject({
      'migrations/0001_a.sql': 'CREATE TABLE a (id int);\nINSERT INTO a VALUES (1), (1);',
      'migrations/0002_unique.sql': 'ALTER TABLE a ADD COLUMN note text;\nALTER TABLE a ADD CONSTRAINT a_id_key UNIQUE (id);',
    });
    const up = await runCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    expect(up.code).toBe(4);
    expect(up.stderr).toContain('0002_unique.sql:2:1');
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'a' AND column_name = 'note'`);
    expect(rows[0].n).toBe(0);
    expect(await ledgerIds()).toEqual(['0001:applied']);
  });
});

describe('bad files (R7)', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['a syntax error', { 'migrations/0002_bad.sql': 'CREATE TABLE ok (id int);\nCREATE TABL nope (id int);' }, /0002_bad\.sql:2:8: SQL does not parse: syntax error at or near "TABL"/],
    ['an empty file', { 'migrations/0002_empty.sql': '' }, /0002_empty\.sql.*no SQL statements|0002_empty\.sql.*empty/],
    ['a comments-only file', { 'migrations/0002_comments.sql': '-- nothing yet\n/* really */\n' }, /0002_comments\.sql/],
    ['duplicate ids', { 'migrations/0001_other.sql': 'CREATE TABLE other (id int);' }, /duplicate/i],
    ['CONCURRENTLY inside an explicit BEGIN', { 'migrations/0002_cic.sql': 'BEGIN;\nCREATE INDEX CONCURRENTLY i ON x (id);\nCOMMIT;' }, /0002_cic\.sql:2:1: CREATE INDEX CONCURRENTLY i cannot run inside the explicit BEGIN/],
    ['a module that throws on import', { 'migrations/0002_boom.mjs': "throw new Error('kaboom');" }, /0002_boom\.mjs.*kaboom/],
    ['invalid UTF-8', { 'migrations/0002_latin1.sql': 'CREATE TABLE t (v text DEFAULT \'caf\xe9\');' }, /0002_latin1\.sql.*UTF-8/],
  ];
  it.each(cases)('refuses %s with exit 2 before any lock or DDL', async (_name, files, message) => {
    const cwd = makeProject({ 'migrations/0001_first.sql': 'CREATE TABLE first (id int);', ...files });
    // makeProject writes UTF-8; the invalid-UTF-8 case needs the raw Latin-1 byte for é.
    if (files['migrations/0002_latin1.sql']) writeFileSync(`${cwd}/migrations/0002_latin1.sql`, Buffer.from(files['migrations/0002_latin1.sql'], 'latin1'));
    const up = await runCli(['up'], { cwd, env: { DATABASE_URL: db.url } });
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(message);
    expect(up.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await tables()).toEqual([]);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'safe_migrate'`);
    expect(rows[0].n).toBe(0);
  });
});

describe('a failing step after committed steps', () => {
  it('says which step failed, that the earlier ones stay committed, and resumes there after a fix', async () => {
    const cwd = makeProject({
      'migrations/0001_t.sql': 'CREATE TABLE t (id int);\nINSERT INTO t VALUES (1), (1);',
      'migrations/0002_unique.sql': 'ALTER TABLE t ADD COLUMN note text;\nCREATE UNIQUE INDEX CONCURRENTLY t_id_key ON t (id);',
    });
    const env = { DATABASE_URL: db.url };
    const up = await runCli(['up', '--format', 'json'], { cwd, env });
    expect(up.code).toBe(4);
    expect(JSON.parse(up.stdout).failure).toMatchObject({ migration: '0002_unique', line: 2, step: { failed: 2, of: 2 } });
    expect(up.stderr).toContain('step 2 of 2 was rolled back; the steps before it stay committed (ledger: running)');
    expect(await ledgerIds()).toEqual(['0001:applied', '0002:running']);

    await db.query('DELETE FROM t WHERE ctid = (SELECT max(ctid) FROM t)');
    const again = await runCli(['up'], { cwd, env });
    expect(again.code).toBe(0);
    expect(await ledgerIds()).toEqual(['0001:applied', '0002:applied']);
  });
});
