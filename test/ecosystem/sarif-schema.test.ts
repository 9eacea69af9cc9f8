// `lint --format sarif` validated against the official SARIF 2.1.0 JSON schema (OASIS, as
// published in @microsoft/jest-sarif) with ajv — the file GitHub code scanning checks uploads
// against. Real CLI output: a project with findings of several rules, an ignore comment and a
// file that does not parse; and the public corpus when it is present.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
// Both are CommonJS modules whose export is the class / plugin itself.
const Ajv: typeof import('ajv-draft-04').default = require('ajv-draft-04');
const addFormats: typeof import('ajv-formats').default = require('ajv-formats');
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// The schema's own `language` pattern is not valid in Unicode mode: match as the schema's authors did.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function errorsOf(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'public', 'lemmy', 'migrations');

describe('SARIF output against the SARIF 2.1.0 schema', () => {
  it('the schema catches a broken log (the check can fail)', () => {
    expect(errorsOf({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).not.toEqual([]);
  });

  it('validates findings, an ignored finding and a syntax error from a real lint run', async () => {
    const cwd = makeProject({
      'migrations/0001_users.sql': 'CREATE TABLE users (id serial PRIMARY KEY, name varchar(40));\n',
      'migrations/0002_index.sql': 'CREATE INDEX users_name_idx ON users (name);\nALTER TABLE users ALTER COLUMN name SET NOT NULL;\n',
      'migrations/0003_drop.sql': '-- safe-migrate-ignore drop-column -- nobody reads it since 2025\nALTER TABLE users DROP COLUMN name;\nALTER TABLE users ADD COLUMN é text DEFAULT now()::text;\n',
      'migrations/0004_broken.sql': 'CREATE TABLE oops (id int,,);\n',
    });
    const run = await runCli(['lint', '--format', 'sarif'], { cwd });
    expect(run.code).toBe(2);
    const log = JSON.parse(run.stdout);
    expect(log.runs[0].results.length).toBeGreaterThan(3);
    expect(errorsOf(log)).toEqual([]);
  });

  it.runIf(existsSync(CORPUS))('validates the whole lemmy corpus output (684 files; skipped without ../shared/corpus)', async () => {
    const run = await runCli(['lint', CORPUS, '--format', 'sarif'], { cwd: process.cwd(), timeoutMs: 120_000 });
    const log = JSON.parse(run.stdout);
    expect(log.runs[0].results.length).toBeGreaterThan(100);
    expect(errorsOf(log)).toEqual([]);
  }, 120_000);
});
