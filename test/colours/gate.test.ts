// The colour gate end to end (issue: colour registry and gate), on a real PostgreSQL:
// a column drop waits until neither the live nor the idle colour uses the column.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeProject, runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
let cwd: string;
const cli = (...args: string[]) => runCli(args, { cwd, env: { DATABASE_URL: db.url } });

const usesName = JSON.stringify({ uses: { deployments: ['id', 'name', 'version'] } });
const withoutName = JSON.stringify({ uses: { 'public.deployments': ['id', 'version'] } });

beforeEach(async () => {
  db = await createTestDatabase();
  cwd = makeProject({
    'migrations/0001_create.sql': '-- migrate:up\nCREATE TABLE deployments (id bigint PRIMARY KEY, name text, version text);\n-- migrate:down\nDROP TABLE deployments;\n',
    'r0.json': usesName,
    'r1.json': withoutName,
  });
  // Release 0: create the table, deploy blue with a manifest that uses `name`, switch to it.
  expect((await cli('up', '--release', 'r0')).code).toBe(0);
  expect((await cli('colour', 'deploy', 'blue', '--release', 'r0', '--uses', 'r0.json')).code).toBe(0);
  expect((await cli('colour', 'switch', 'blue')).code).toBe(0);
});
afterEach(async () => {
  await db.drop();
});

async function columns(): Promise<string[]> {
  const { rows } = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'deployments' ORDER BY ordinal_position`);
  return rows.map((r) => r.column_name);
}

describe('the colour gate', () => {
  it('blocks a DROP COLUMN until neither colour uses the column, and plan agrees with up', async () => {
    writeFiles(cwd, { 'migrations/0002_drop_name.sql': '-- migrate:up\nALTER TABLE deployments DROP COLUMN name;\n-- migrate:down\nALTER TABLE deployments ADD COLUMN name text;\n' });

    // blue (live, r0) uses the column.
    let plan = await cli('plan');
    expect(plan.code).toBe(3);
    let up = await cli('up');
    expect(up.code).toBe(3);
    expect(up.stderr).toContain('migrations/0002_drop_name.sql:2 DROP COLUMN public.deployments.name is blocked: blue (live, release r0, deployed ');
    expect(up.stderr).toContain('Nothing was applied.');
    expect(await columns()).toContain('name');

    // r1 no longer uses it: deployed to green and switched live. blue (r0) is now the idle rollback target.
    expect((await cli('colour', 'deploy', 'green', '--release', 'r1', '--uses', 'r1.json')).code).toBe(0);
    expect((await cli('colour', 'switch', 'green')).code).toBe(0);
    plan = await cli('plan', '--format', 'json');
    expect(plan.code).toBe(3);
    expect(JSON.parse(plan.stdout).blockers).toEqual([expect.objectContaining({ colour: 'blue', state: 'idle', release: 'r0', object: 'public.deployments.name', line: 2 })]);
    up = await cli('up');
    expect(up.code).toBe(3);
    expect(up.stderr).toContain('blue (idle, release r0');
    expect(up.stderr).toContain('Deploy a release that no longer uses public.deployments.name to blue, or retire blue.');
    expect(await columns()).toContain('name');

    // Both colours now run releases that do not use it.
    expect((await cli('colour', 'deploy', 'blue', '--release', 'r1', '--uses', 'r1.json')).code).toBe(0);
    expect((await cli('plan')).code).toBe(0);
    up = await cli('up');
    expect(up.code).toBe(0);
    expect(await columns()).toEqual(['id', 'version']);
  });

  it('gates a rollback: undoing ADD COLUMN is blocked while a colour uses the column', async () => {
    writeFiles(cwd, { 'migrations/0002_add_notes.sql': '-- migrate:up\nALTER TABLE deployments ADD COLUMN notes text;\n-- migrate:down\nALTER TABLE deployments DROP COLUMN notes;\n', 'r1.json': JSON.stringify({ uses: { deployments: ['id', 'name', 'notes'] } }) });
    expect((await cli('up')).code).toBe(0);
    expect((await cli('colour', 'deploy', 'green', '--release', 'r1', '--uses', 'r1.json')).code).toBe(0);
    const down = await cli('down');
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('DROP COLUMN public.deployments.notes (rolling back 0002_add_notes) is blocked: green (idle, release r1');
    expect(await columns()).toContain('notes');
    expect((await cli('colour', 'retire', 'green')).code).toBe(0);
    expect((await cli('down')).code).toBe(0);
    expect(await columns()).not.toContain('notes');
  });

  it('runs a blocked step with --override-gate and records the reason and the blockers', async () => {
    writeFiles(cwd, { 'migrations/0002_drop_name.sql': 'ALTER TABLE deployments DROP COLUMN name;\n' });
    const up = await cli('up', '--override-gate', 'name is unused since r0.3; checked with the team');
    expect(up.code).toBe(0);
    expect(await columns()).not.toContain('name');
    const { rows } = await db.query(`SELECT reason, details FROM safe_migrate.events WHERE action = 'override'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].reason).toBe('name is unused since r0.3; checked with the team');
    expect(rows[0].details.blockers).toEqual([expect.objectContaining({ colour: 'blue', state: 'live', object: 'public.deployments.name' })]);
  });

  it('applies the allowed prefix with --until-blocked and exits 3', async () => {
    writeFiles(cwd, {
      'migrations/0002_add_notes.sql': 'ALTER TABLE deployments ADD COLUMN notes text;\n',
      'migrations/0003_drop_name.sql': 'ALTER TABLE deployments DROP COLUMN name;\n',
      'migrations/0004_add_more.sql': 'ALTER TABLE deployments ADD COLUMN more text;\n',
    });
    const up = await cli('up', '--until-blocked');
    expect(up.code).toBe(3);
    expect(await columns()).toEqual(['id', 'name', 'version', 'notes']);
  });

  it('treats a colour without a manifest as using its whole deploy-time schema', async () => {
    writeFiles(cwd, { 'migrations/0002_drop_version.sql': 'ALTER TABLE deployments DROP COLUMN version;\n' });
    expect((await cli('colour', 'deploy', 'green', '--release', 'r1')).code).toBe(0);
    const up = await cli('up');
    expect(up.code).toBe(3);
    expect(up.stderr).toContain('green (idle, release r1');
  });

  it('counts the sequences of the deploy-time schema as used: DROP SEQUENCE waits too', async () => {
    writeFiles(cwd, { 'migrations/0002_seq.sql': 'CREATE SEQUENCE deployment_numbers;\n' });
    expect((await cli('up')).code).toBe(0);
    expect((await cli('colour', 'deploy', 'green', '--release', 'r1')).code).toBe(0);
    writeFiles(cwd, { 'migrations/0003_drop_seq.sql': 'DROP SEQUENCE deployment_numbers;\n' });
    const up = await cli('up');
    expect(up.code, up.stderr).toBe(3);
    expect(up.stderr).toMatch(/DROP SEQUENCE public\.deployment_numbers is blocked: green \(idle, release r1/);
  });

  it('re-checks the gate under the migration lock when a colour changes after planning (R10)', async () => {
    writeFiles(cwd, { 'migrations/0002_drop_name.sql': 'ALTER TABLE deployments DROP COLUMN name;\n' });
    expect((await cli('colour', 'deploy', 'green', '--release', 'r1', '--uses', 'r1.json')).code).toBe(0);
    expect((await cli('colour', 'switch', 'green')).code).toBe(0);
    const retire = await cli('colour', 'retire', 'blue');
    expect(retire.stderr).toBe('');
    expect(retire.code).toBe(0);
    // Hold the migration lock so `up` plans (allowed), then waits; meanwhile blue gets r0 again.
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${0x5afe}, hashtext('safe_migrate'))`);
    const run = cli('up');
    await new Promise((r) => setTimeout(r, 1500));
    await holder.query(`UPDATE safe_migrate.colours SET state = 'idle', release = 'r0', manifest = $1, deployed_at = now() WHERE name = 'blue'`, [JSON.stringify({ relations: { 'public.deployments': ['id', 'name'] }, functions: [], types: [] })]);
    await holder.query(`SELECT pg_advisory_unlock(${0x5afe}, hashtext('safe_migrate'))`);
    await holder.end();
    const up = await run;
    expect(up.code).toBe(3);
    expect(up.stderr).toContain('blue (idle, release r0');
    expect(await columns()).toContain('name');
  });

  it('refuses to deploy into the live colour, unknown colours and bad manifests with exit 2', async () => {
    const live = await cli('colour', 'deploy', 'blue', '--release', 'r9');
    expect(live.code).toBe(2);
    expect(live.stderr).toContain('cannot deploy into blue: it is live');
    expect((await cli('colour', 'deploy', 'purple', '--release', 'r9')).stderr).toContain('unknown colour "purple"');
    writeFiles(cwd, { 'bad.json': '{"uses": {"deployments": "name"}, "extra": 1}', 'broken.json': '{"uses": ' });
    const bad = await cli('colour', 'deploy', 'green', '--release', 'r9', '--uses', 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid manifest: unknown key "extra"');
    expect(bad.stderr).toContain('"uses"."deployments" must be a list of column names or "*"');
    const broken = await cli('colour', 'deploy', 'green', '--release', 'r9', '--uses', 'broken.json');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('manifest is not valid JSON');
    const status = JSON.parse((await cli('colour', 'status', '--format', 'json')).stdout);
    expect(status.colours.map((c: any) => [c.name, c.state, c.release])).toEqual([
      ['blue', 'live', 'r0'],
      ['green', 'empty', null],
    ]);
  });

  it('warns about manifest entries that do not exist, and writes an audit event per colour change', async () => {
    writeFiles(cwd, { 'r2.json': JSON.stringify({ uses: { deployments: ['id', 'colour'], ghosts: '*' } }) });
    const deploy = await cli('colour', 'deploy', 'green', '--release', 'r2', '--uses', 'r2.json');
    expect(deploy.code).toBe(0);
    expect(deploy.stderr).toContain('warning: the manifest lists public.deployments.colour, which does not exist');
    expect(deploy.stderr).toContain('warning: the manifest lists public.ghosts');
    const { rows } = await db.query(`SELECT action, target, release FROM safe_migrate.events WHERE action LIKE 'colour-%' ORDER BY id`);
    expect(rows).toEqual([
      { action: 'colour-deploy', target: 'blue', release: 'r0' },
      { action: 'colour-switch', target: 'blue', release: 'r0' },
      { action: 'colour-deploy', target: 'green', release: 'r2' },
    ]);
  });
});
