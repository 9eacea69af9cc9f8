// `safe-migrate lint` end to end: the built CLI in a child process, exit codes per spec §9.
// Needs `npm run build` first (npm test does it).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli, writeFiles } from '../../../test/helpers/cli.js';

const CLEAN = '-- migrate:up\nCREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text);\n-- migrate:down\nDROP TABLE notes;\n';
const DROPS = '-- migrate:up\nDROP TABLE users;\n-- migrate:down\nSELECT 1;\n';
const BROKEN = '-- migrate:up\nCREATE TABLE (;\n-- migrate:down\nSELECT 1;\n';

describe('safe-migrate lint', () => {
  it('exits 0 when nothing is wrong, linting the migrations directory by default', async () => {
    const cwd = makeProject({ 'migrations/0001_notes.sql': CLEAN });
    const run = await runCli(['lint'], { cwd });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe('safe-migrate: no problems (1 file, 2 statements).\n');
  });

  it('exits 1 on error findings and prints them with a code frame (no colour in a pipe)', async () => {
    const cwd = makeProject({ 'migrations/0001_notes.sql': CLEAN, 'migrations/0002_drop.sql': DROPS });
    const run = await runCli(['lint'], { cwd, env: { NO_COLOR: undefined } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('migrations/0002_drop.sql:2:1  error  drop-table  Dropping public.users breaks');
    expect(run.stdout).toContain('  > 2 | DROP TABLE users');
    expect(run.stdout).toContain('  docs: docs/rules/drop-table.md');
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('prints the spec JSON shape with --format json', async () => {
    const cwd = makeProject({ 'migrations/0002_drop.sql': DROPS });
    const run = await runCli(['lint', '--format', 'json'], { cwd });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toEqual({ files: 1, statements: 2, errors: 1, warnings: 0 });
    expect(report.files[0].path).toBe('migrations/0002_drop.sql');
    expect(report.files[0].statements[0]).toMatchObject({ section: 'up', line: 2, column: 1, sql: 'DROP TABLE users', kind: 'DropStmt', effect: 'destructive' });
    expect(report.files[0].findings[0]).toMatchObject({ rule: 'drop-table', severity: 'error', line: 2, column: 1 });
  });

  it.each([
    ['sarif', (out: string) => expect(JSON.parse(out).runs[0].results[0].ruleId).toBe('drop-table')],
    ['github', (out: string) => expect(out).toMatch(/^::error file=migrations\/0002_drop.sql,line=2,col=1,title=safe-migrate drop-table::/)],
  ])('prints --format %s', async (format, check) => {
    const cwd = makeProject({ 'migrations/0002_drop.sql': DROPS });
    const run = await runCli(['lint', '--format', format], { cwd });
    expect(run.code).toBe(1);
    check(run.stdout);
  });

  it('lints only the given paths', async () => {
    const cwd = makeProject({ 'migrations/0001_notes.sql': CLEAN, 'migrations/0002_drop.sql': DROPS });
    const run = await runCli(['lint', 'migrations/0001_notes.sql', '--format', 'json'], { cwd });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).files.map((f: { path: string }) => f.path)).toEqual(['migrations/0001_notes.sql']);
  });

  it('applies severities from config, and --dir', async () => {
    const cwd = makeProject({ 'db/0002_drop.sql': DROPS, 'safe-migrate.config.json': JSON.stringify({ rules: { 'drop-table': 'warning' } }) });
    const run = await runCli(['lint', '--dir', 'db', '--format', 'json'], { cwd });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).files[0].findings[0]).toMatchObject({ rule: 'drop-table', severity: 'warning' });
  });

  it('exits 2 for a file that does not parse, still printing the report', async () => {
    const cwd = makeProject({ 'migrations/0003_broken.sql': BROKEN });
    const run = await runCli(['lint'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('migrations/0003_broken.sql:2:14  error  syntax-error  syntax error at or near "("');
    expect(run.stdout).toContain('  > 2 | CREATE TABLE (;');
  });

  it.each([
    [['lint', '--format', 'yaml'], {}, /unknown --format "yaml".*text, json, sarif, github/],
    [['lint', 'migrations/nope.sql'], {}, /path does not exist/],
    [['lint'], { 'safe-migrate.config.json': '{}' }, /migrations directory not found/],
    [['lint', 'migrations'], { 'safe-migrate.config.json': JSON.stringify({ rules: { 'drop-tabel': 'off' } }) }, /unknown lint rule "drop-tabel"/],
    [['lint', '--since', 'no-such-ref', 'migrations'], {}, /cannot list the files changed since "no-such-ref"/],
  ])('exits 2 with a one-line reason for %j', async (args, files, message) => {
    const cwd = makeProject({ ...(args.length > 1 || Object.keys(files).length === 0 ? { 'migrations/0001_notes.sql': CLEAN } : {}), ...files });
    const run = await runCli(args, { cwd });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('--since lints only the migration files changed since a git ref, untracked ones included', async () => {
    const cwd = makeProject({ 'migrations/0001_notes.sql': CLEAN, 'migrations/0002_drop.sql': DROPS, 'README.md': 'x' });
    const git = (...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe' });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
    writeFiles(cwd, { 'migrations/0003_more.sql': CLEAN.replaceAll('notes', 'more'), 'migrations/0001_notes.sql': `${CLEAN}-- edited\n`, 'README.md': 'y' });
    const run = await runCli(['lint', '--since', 'HEAD', '--format', 'json'], { cwd });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).files.map((f: { path: string }) => f.path)).toEqual(['migrations/0001_notes.sql', 'migrations/0003_more.sql']);
  });
});
