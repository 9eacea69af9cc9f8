// The three-release rollout of docs/concepts/three-release-rollout.md, executed end to end on
// the real files of migrations-example/, against a real PostgreSQL.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { assertInvariants, rolloutViolations } from '../helpers/invariants.js';

let db: TestDatabase;
let cwd: string;
const cli = (...args: string[]) => runCli(args, { cwd, env: { DATABASE_URL: db.url } });

beforeEach(async () => {
  db = await createTestDatabase();
  cwd = mkdtempSync(join(tmpdir(), 'safe-migrate-walkthrough-'));
  cpSync(join(repoRoot, 'migrations-example'), join(cwd, 'migrations'), { recursive: true });
});
afterEach(async () => {
  await db.drop();
});

async function rollouts(): Promise<Record<string, string>> {
  const { stdout, code } = await cli('rollout', 'status', '--format', 'json');
  expect(code).toBe(0);
  return Object.fromEntries(JSON.parse(stdout).rollouts.map((r: any) => [r.object, r.phase]));
}

describe('the three-release rollout (migrations-example)', () => {
  it('adds a required column over three releases, refusing to enforce while the idle colour predates it', async () => {
    // Release r0: the table. Deployed to blue, which goes live.
    expect((await cli('up', '--to', '0001', '--release', 'r0')).code).toBe(0);
    expect((await cli('colour', 'deploy', 'blue', '--release', 'r0')).code).toBe(0);
    expect((await cli('colour', 'switch', 'blue')).code).toBe(0);
    await db.query(`INSERT INTO deployments (service, version) VALUES ('api', 'r0')`);

    // Release r1 (expand): notes and environment added nullable; r1 writes both.
    expect((await cli('up', '--to', '0003', '--release', 'r1')).code).toBe(0);
    expect(await rollouts()).toEqual({ 'public.deployments.environment': 'expanded', 'public.deployments.notes': 'expanded' });
    expect((await cli('colour', 'deploy', 'green', '--release', 'r1')).code).toBe(0);
    expect((await cli('colour', 'switch', 'green')).code).toBe(0);

    // Release r2 too early: blue (idle, r0) is the rollback target and inserts rows without environment.
    const early = await cli('up', '--release', 'r2');
    expect(early.code).toBe(3);
    expect(early.stderr).toContain('0004_backfill_deployment_environment.sql:5 backfill of public.deployments.environment is blocked by the rollout ledger: blue (idle, r0) was deployed before environment existed and does not write it; rows it writes would be NULL again.');
    expect(early.stderr).toContain('SET NOT NULL on public.deployments.environment is blocked by the rollout ledger');
    const status = JSON.parse((await cli('rollout', 'status', '--format', 'json')).stdout);
    expect(status.rollouts.find((r: any) => r.object === 'public.deployments.environment').waitingFor).toBe('waiting for blue (idle, r0) to be redeployed with a release that writes it');

    // Both colours now run r1: the rollout is dual-written, and r2's migrations may run.
    expect((await cli('colour', 'deploy', 'blue', '--release', 'r1')).code).toBe(0);
    expect((await rollouts())['public.deployments.environment']).toBe('dual-written');
    expect((await cli('plan')).code).toBe(0);
    const up = await cli('up', '--release', 'r2');
    expect(up.stderr).not.toMatch(/blocked|warning: (?!migrating as superuser)/);
    expect(up.stderr).toContain('warning: migrating as superuser "postgres": use a dedicated migrator role (docs/security.md)');
    expect(up.code).toBe(0);
    expect(await rollouts()).toEqual({ 'public.deployments.environment': 'enforced', 'public.deployments.notes': 'dual-written' });
    const { rows } = await db.query(`SELECT is_nullable FROM information_schema.columns WHERE table_name = 'deployments' AND column_name = 'environment'`);
    expect(rows).toEqual([{ is_nullable: 'NO' }]);
    await assertInvariants(db, join(cwd, 'migrations'));
    const text = await cli('rollout', 'status');
    expect(text.stdout).toMatch(/public\.deployments\.environment {2}add-column {2}phase: enforced\n {2}expanded +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}\(release r1, migration 0003\)/);
  });

  it('removes a column through deprecated → unreferenced → dropped', async () => {
    expect((await cli('up', '--to', '0002', '--release', 'r1')).code).toBe(0);
    expect((await cli('colour', 'deploy', 'blue', '--release', 'r1')).code).toBe(0);
    expect((await cli('colour', 'switch', 'blue')).code).toBe(0);
    expect((await cli('colour', 'deploy', 'green', '--release', 'r1')).code).toBe(0);

    // r3 stops using notes: declared with the directive in a migration of r3 (this story skips environment).
    writeFiles(cwd, { 'migrations/0003_add_deployment_environment.sql': '-- migrate:up\n-- safe-migrate:deprecate public.deployments.notes\nSELECT 1;\n' });
    for (const f of ['0004_backfill_deployment_environment.sql', '0005_check_deployment_environment.sql', '0006_require_deployment_environment.sql']) writeFiles(cwd, { [`migrations/${f}`]: '-- migrate:up\nSELECT 1;\n' });
    const r3 = await cli('up', '--release', 'r3');
    expect(r3.stderr).not.toContain('safe-migrate:');
    expect(r3.code).toBe(0);
    expect((await rollouts())['public.deployments.notes']).toBe('deprecated');

    writeFiles(cwd, { 'migrations/0007_drop_notes.sql': '-- migrate:up\nALTER TABLE deployments DROP COLUMN notes;\n' });
    expect((await cli('up')).code).toBe(3);

    // r3 goes to green and live; blue (idle, r1) still uses notes.
    expect((await cli('colour', 'deploy', 'green', '--release', 'r3')).code).toBe(0);
    expect((await cli('colour', 'switch', 'green')).code).toBe(0);
    expect((await rollouts())['public.deployments.notes']).toBe('deprecated');
    expect((await cli('up')).code).toBe(3);

    // blue gets r3 too: nobody references notes any more.
    expect((await cli('colour', 'deploy', 'blue', '--release', 'r3')).code).toBe(0);
    expect((await rollouts())['public.deployments.notes']).toBe('unreferenced');
    expect((await cli('up', '--release', 'r4')).code).toBe(0);
    expect((await rollouts())['public.deployments.notes']).toBe('dropped');
    // I6 (the file-based I1 check cannot follow a column that a later file drops).
    expect(await rolloutViolations(db, 'safe_migrate')).toEqual([]);
  });
});

describe('the I6 check itself', () => {
  it('reports a phase whose DDL is not in the catalog', async () => {
    expect((await cli('up', '--to', '0002')).code).toBe(0);
    expect(await rolloutViolations(db, 'safe_migrate')).toEqual([]);
    await db.query(`UPDATE safe_migrate.rollouts SET phase = 'enforced' WHERE object = 'public.deployments.notes'`);
    expect(await rolloutViolations(db, 'safe_migrate')).toEqual(['I6: rollout public.deployments.notes is enforced but the column is nullable']);
  });
});
