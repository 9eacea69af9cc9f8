// R13: bad command-line input — unknown flags and commands, wrong types, missing values,
// unknown colours, malformed manifests — exits 2 with a one-line reason naming the offending
// value, and writes nothing to the database.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
let cwd: string;
beforeAll(async () => {
  db = await createTestDatabase();
  cwd = makeProject({ 'migrations/0001_a.sql': '-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n' });
  writeFileSync(`${cwd}/broken-manifest.json`, '{ "release": "r1", "uses": ');
});
afterAll(async () => {
  await db.drop();
});

async function nothingWritten(): Promise<void> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*)::int FROM pg_namespace WHERE nspname = 'safe_migrate') AS internal,
            (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public') AS relations`,
  );
  expect(rows[0]).toEqual({ internal: 0, relations: 0 });
}

const CASES: Array<[what: string, args: string[], reason: RegExp]> = [
  ['an unknown flag', ['up', '--bogus'], /unknown option '--bogus'/],
  ['a misspelt flag', ['down', '--step', '2'], /unknown option '--step'/],
  ['--steps that is not a number', ['down', '--steps', 'x'], /--steps.*'x' is invalid.*whole number/],
  ['--steps 0', ['down', '--steps', '0'], /--steps.*'0' is invalid/],
  ['a --lock-timeout that is not a duration', ['up', '--lock-timeout', 'soon'], /lockTimeout.*must be a duration.*"soon"/],
  ['a --lock-wait with an unknown unit', ['up', '--lock-wait', '5parsecs'], /lockWait.*must be a duration.*"5parsecs"/],
  ['--to without its value', ['up', '--to'], /option '--to <id>' argument missing/],
  ['--database without its value', ['status', '--database'], /option '--database <url>' argument missing/],
  ['an unknown command', ['upp'], /unknown command 'upp'/],
  ['an unknown --format', ['up', '--format', 'xml'], /unknown --format "xml"/],
  ['--to naming no pending migration', ['up', '--to', '9999'], /--to 9999 is not a pending migration/],
  ['two of --steps, --to, --last-run', ['down', '--steps', '1', '--last-run'], /only one of --steps, --to and --last-run/],
  ['an unsupported database URL', ['status', '--database', 'mysql://root@localhost/app'], /unsupported database URL "root@localhost:5432\/app"/],
  ['an unknown colour', ['colour', 'deploy', 'purple', '--release', 'r1'], /unknown colour "purple"/],
  ['a malformed manifest', ['colour', 'deploy', 'green', '--release', 'r1', '--uses', 'broken-manifest.json'], /broken-manifest\.json: manifest is not valid JSON/],
];

describe('bad command-line input (R13)', () => {
  it.each(CASES)('%s: exit 2, a one-line reason naming the value, nothing written', async (_what, args, reason) => {
    const run = await runCli(args, { cwd, env: { DATABASE_URL: db.url } });
    expect(run.code, run.stderr).toBe(2);
    const lines = run.stderr.trim().split('\n');
    // The reason is the first line; commander may add a "(run with --help …)" or "(Did you mean …?)" line.
    expect(lines[0]).toMatch(reason);
    expect(lines.filter((l) => !/^\((run with --help|Did you mean)/.test(l))).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(run.stdout).toBe('');
    await nothingWritten();
  });
});
