// The CLI's edges: version, help, usage errors and exit codes (spec §9), no stack traces.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { makeProject, repoRoot, runCli } from './helpers/cli.js';

describe('safe-migrate CLI', () => {
  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8'));
    expect(VERSION).toBe(pkg.version);
    const run = await runCli(['--version'], { cwd: repoRoot });
    expect(run).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it.each(['init', 'new', 'lint', 'plan', 'up', 'down', 'status', 'log', 'repair'])('has --help with examples for %s', async (command) => {
    const run = await runCli([command, '--help'], { cwd: repoRoot });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
  });

  it.each([
    [['up', '--bogus'], /unknown option '--bogus'/],
    [['down', '--steps', 'two'], /--steps must be a whole number/],
    [['status', '--format', 'yaml'], /unknown --format "yaml"/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('exits 2 with a one-line reason for %j', async (args, message) => {
    const cwd = makeProject({ 'safe-migrate.config.json': JSON.stringify({ database: 'pglite:memory' }) });
    const run = await runCli(args as string[], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports every bad config value at once with exit 2', async () => {
    const cwd = makeProject({ 'safe-migrate.config.json': JSON.stringify({ lockTimeout: 'soon', colour: ['x'], requireColours: 'yes' }) });
    const run = await runCli(['status'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"lockTimeout" must be a duration');
    expect(run.stderr).toContain('unknown key "colour"');
    expect(run.stderr).toContain('"requireColours" must be true or false');
  });

  it('says how to configure a database when none is set', async () => {
    const cwd = makeProject({ 'migrations/0001_a.sql': 'SELECT 1;' });
    const run = await runCli(['status'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no database configured — pass --database <url>, set DATABASE_URL');
  });

  it('exits 5 without printing the password when the server is unreachable', async () => {
    const cwd = makeProject({ 'migrations/0001_a.sql': 'SELECT 1;' });
    const run = await runCli(['up', '--database', 'postgres://app:s3cr3t-pw@127.0.0.1:1/app'], { cwd });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('cannot connect to app@127.0.0.1:1/app');
    expect(run.stdout + run.stderr).not.toContain('s3cr3t-pw');
  });

  it('creates a timestamped migration with new', async () => {
    const cwd = makeProject({ 'safe-migrate.config.json': '{}' });
    const run = await runCli(['new', 'Add notes!'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Created migrations\/\d{8}T\d{6}_add_notes\.sql\n$/);
  });
});
