// A NOT VALID CHECK (c IS NOT NULL) in one migration and its VALIDATE in the next — the usual
// split, so the scan does not run under the ACCESS EXCLUSIVE lock — enforces the column: the
// rollout ledger follows the constraint across migrations of one run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { assertInvariants } from '../helpers/invariants.js';

let db: TestDatabase;
let cwd: string;
const cli = (...args: string[]) => runCli(args, { cwd, env: { DATABASE_URL: db.url } });

beforeEach(async () => {
  db = await createTestDatabase();
  cwd = mkdtempSync(join(tmpdir(), 'safe-migrate-validate-'));
});
afterEach(async () => {
  await db.drop();
});

async function phase(object: string): Promise<string | undefined> {
  const { stdout } = await cli('rollout', 'status', '--format', 'json');
  return JSON.parse(stdout).rollouts.find((r: { object: string }) => r.object === object)?.phase;
}

/** jobs.owner added in release r1, both colours redeployed with r1: dual-written. */
async function dualWritten(): Promise<void> {
  writeFiles(cwd, {
    'migrations/0001_jobs.sql': '-- migrate:up\nCREATE TABLE jobs (id int);\n-- migrate:down\nDROP TABLE jobs;\n',
    'migrations/0002_owner.sql': '-- migrate:up\nALTER TABLE jobs ADD COLUMN owner text;\n-- migrate:down\nALTER TABLE jobs DROP COLUMN owner;\n',
  });
  expect((await cli('up', '--release', 'r1')).code).toBe(0);
  expect((await cli('colour', 'deploy', 'blue', '--release', 'r1')).code).toBe(0);
  expect((await cli('colour', 'switch', 'blue')).code).toBe(0);
  expect((await cli('colour', 'deploy', 'green', '--release', 'r1')).code).toBe(0);
  expect(await phase('public.jobs.owner')).toBe('dual-written');
}

describe('VALIDATE CONSTRAINT of a NOT VALID check (c IS NOT NULL)', () => {
  it('in the next migration of the same run moves the rollout to enforced', async () => {
    await dualWritten();
    writeFiles(cwd, {
      'migrations/0003_owner_check.sql': '-- migrate:up\nALTER TABLE jobs ADD CONSTRAINT jobs_owner_nn CHECK (jobs.owner IS NOT NULL) NOT VALID;\n-- migrate:down\nALTER TABLE jobs DROP CONSTRAINT jobs_owner_nn;\n',
      'migrations/0004_owner_validate.sql': '-- migrate:up\nALTER TABLE jobs VALIDATE CONSTRAINT jobs_owner_nn;\n-- migrate:down\nSELECT 1;\n',
    });
    const up = await cli('up', '--release', 'r2');
    expect(up.code, up.stderr).toBe(0);
    expect(await phase('public.jobs.owner')).toBe('enforced');
    await assertInvariants(db, join(cwd, 'migrations'));
  });

  it('in a later run (the constraint read from the catalog) moves the rollout to enforced', async () => {
    await dualWritten();
    writeFiles(cwd, { 'migrations/0003_owner_check.sql': '-- migrate:up\nALTER TABLE jobs ADD CONSTRAINT "Jobs owner" CHECK (owner IS NOT NULL) NOT VALID;\n-- migrate:down\nALTER TABLE jobs DROP CONSTRAINT "Jobs owner";\n' });
    expect((await cli('up', '--release', 'r2')).code).toBe(0);
    expect(await phase('public.jobs.owner')).toBe('dual-written');
    writeFiles(cwd, { 'migrations/0004_owner_validate.sql': '-- migrate:up\nALTER TABLE jobs VALIDATE CONSTRAINT "Jobs owner";\n-- migrate:down\nSELECT 1;\n' });
    const up = await cli('up', '--release', 'r3');
    expect(up.code, up.stderr).toBe(0);
    expect(await phase('public.jobs.owner')).toBe('enforced');
    await assertInvariants(db, join(cwd, 'migrations'));
  });
});
