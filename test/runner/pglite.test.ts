// The core paths on the embedded database (PGlite): what the quick start uses.
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';

describe('embedded PostgreSQL (pglite:<dir>)', () => {
  it('runs up, status, plan, down and log against a PGlite directory', async () => {
    const cwd = makeProject({
      'safe-migrate.config.json': JSON.stringify({ database: 'pglite:.data/db' }),
      'migrations/0001_create_a.sql': '-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n',
      'migrations/0002_index.sql': '-- migrate:up\nCREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n-- migrate:down\nDROP INDEX CONCURRENTLY a_id_idx;\n',
      'migrations/0003_knex.mjs': "export const up = (knex) => knex.schema.alterTable('a', (t) => { t.text('note'); });\nexport const down = (knex) => knex.schema.alterTable('a', (t) => { t.dropColumn('note'); });\n",
    });
    const plan = await runCli(['plan'], { cwd });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('0002_index (up, 1 step)');

    const up = await runCli(['up'], { cwd });
    expect(up.stderr + up.stdout).toContain('3 migrations applied.');
    expect(up.code).toBe(0);

    const status = await runCli(['status', '--format', 'json'], { cwd });
    expect(JSON.parse(status.stdout).migrations.map((m: any) => m.state)).toEqual(['applied', 'applied', 'applied']);
    expect(JSON.parse(status.stdout).database).toBe('pglite:.data/db');

    expect((await runCli(['up'], { cwd })).stdout).toContain('Nothing to apply');
    const down = await runCli(['down', '--steps', '3'], { cwd });
    expect(down.code).toBe(0);
    const after = await runCli(['status', '--format', 'json'], { cwd });
    expect(JSON.parse(after.stdout).migrations.map((m: any) => m.state)).toEqual(['pending', 'pending', 'pending']);
    const log = await runCli(['log', '--format', 'json'], { cwd });
    expect(JSON.parse(log.stdout).events.map((e: any) => e.action)).toEqual(['up', 'up', 'up', 'down', 'down', 'down']);
  }, 120_000);
});
