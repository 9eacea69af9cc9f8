// The checksum cache end to end (docs/decisions.md, "Checksum cache"): a directory of 200+
// migrations, files dated back as in a checkout. The second run serves unchanged files from
// the cache; an edit is still caught; a down reads its SQL on demand.
import { mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeProject, runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
let env: Record<string, string>;
let cacheDir: string;
beforeEach(async () => {
  db = await createTestDatabase();
  cacheDir = mkdtempSync(join(tmpdir(), 'safe-migrate-cache-'));
  env = { DATABASE_URL: db.url, SAFE_MIGRATE_CACHE_DIR: cacheDir };
});
afterEach(async () => {
  await db.drop();
});

const N = 210;
const name = (i: number) => `${String(i).padStart(4, '0')}_c${i}`;

function project(): string {
  const files: Record<string, string> = {};
  for (let i = 1; i <= N; i++) files[`migrations/${name(i)}.sql`] = `-- migrate:up\nCOMMENT ON SCHEMA public IS 'm${i}';\n-- migrate:down\nCOMMENT ON SCHEMA public IS 'undo ${i}';\n`;
  const cwd = makeProject(files);
  const past = new Date(Date.now() - 60_000);
  for (const f of readdirSync(join(cwd, 'migrations'))) utimesSync(join(cwd, 'migrations', f), past, past);
  return cwd;
}

describe('checksum cache (200+ migrations)', () => {
  it('is written by the first run, trusted for unchanged files, and an edit is still refused', async () => {
    const cwd = project();
    expect((await runCli(['up'], { cwd, env })).code).toBe(0);
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^files-v\d+-[0-9a-f]+\.json$/)]);
    const again = await runCli(['up'], { cwd, env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Nothing to apply/);
    writeFiles(cwd, { [`migrations/${name(7)}.sql`]: `-- migrate:up\nCOMMENT ON SCHEMA public IS 'edited';\n` });
    const edited = await runCli(['up'], { cwd, env });
    expect(edited.code).toBe(2);
    expect(edited.stderr).toMatch(new RegExp(`applied migration ${name(7)} was edited`));
  });

  it('a down reads the cached migration\'s SQL when it needs it', async () => {
    const cwd = project();
    expect((await runCli(['up'], { cwd, env })).code).toBe(0);
    expect((await runCli(['status'], { cwd, env })).code).toBe(0);
    const down = await runCli(['down'], { cwd, env });
    expect(down.code, down.stderr).toBe(0);
    const { rows } = await db.query(`SELECT obj_description('public'::regnamespace) AS comment`);
    expect(rows[0].comment).toBe(`undo ${N}`);
  });
});
