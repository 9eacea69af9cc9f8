// Terminal experience: while `up` waits for the migration lock held by another session, a
// terminal shows a spinner saying what it waits for and for how long; logs get plain lines.
import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bin, makeProject, runCli } from './helpers/cli.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

/** util-linux `script` gives the CLI a pseudo-terminal. Asynchronous, so the lock holder can let go meanwhile. */
function inTerminal(command: string, cwd: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

async function holdingTheLock<T>(ms: number, run: () => Promise<T> | T): Promise<T> {
  const holder = new pg.Client({ connectionString: db.url, application_name: 'other-deploy' });
  await holder.connect();
  await holder.query(`SELECT pg_advisory_lock(${0x5afe}, hashtext('safe_migrate'))`);
  const release = setTimeout(() => void holder.query(`SELECT pg_advisory_unlock(${0x5afe}, hashtext('safe_migrate'))`).then(() => holder.end()), ms);
  try {
    return await run();
  } finally {
    clearTimeout(release);
    await holder.end().catch(() => undefined);
  }
}

describe('waiting for the migration lock', () => {
  it('shows a spinner with the holder and the time waited on a terminal', async () => {
    const cwd = makeProject({ 'migrations/0001_a.sql': 'CREATE TABLE a (id int);' });
    const command = [process.execPath, bin, 'up'].map(quote).join(' ');
    const result = await holdingTheLock(2500, () => inTerminal(command, cwd, { DATABASE_URL: db.url, NO_COLOR: '1' }));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\r\x1b\[2K[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] waiting for the migration lock \(\d+s\): held by pid \d+ \(other-deploy\)/);
    expect(result.stdout).toContain('1 migration applied.');
  });

  it('prints plain lines when not on a terminal', async () => {
    const cwd = makeProject({ 'migrations/0001_a.sql': 'CREATE TABLE a (id int);' });
    const run = await holdingTheLock(2500, () => runCli(['up'], { cwd, env: { DATABASE_URL: db.url } }));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^waiting for the migration lock \(\d+s\): held by pid \d+ \(other-deploy\)$/m);
    expect(run.stderr).not.toContain('\x1b[2K');
  });
});
