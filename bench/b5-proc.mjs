// Helpers shared by B5 (bench/b5.mjs) and B6 (bench/b6.mjs): running a tool's CLI as a child
// process without blocking the event loop (B5's app workers keep measuring while it runs, B6
// starts 8 at once), with a hard time limit, and the tools' command lines.
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { root } from './harness.mjs';

const running = new Set();

/**
 * Starts `command args` and resolves when it exits: exit code, signal, captured output, and
 * start and end on `performance.now()`'s clock. A process still running after `timeoutMs` is
 * killed (SIGKILL to its own pid) and reported with `timedOut: true`.
 */
export function runProcess(command, args, { cwd = root, env = {}, timeoutMs = 120_000 } = {}) {
  return new Promise((resolvePromise) => {
    const startedAt = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const done = (code, signal, error) => {
      clearTimeout(timer);
      running.delete(child);
      resolvePromise({ code, signal, stdout, stderr: error ? `${stderr}\n${error.message}` : stderr, startedAt, endedAt: performance.now(), timedOut, pid: child.pid });
    };
    child.on('error', (error) => done(null, null, error));
    child.on('close', (code, signal) => done(code, signal));
  });
}

/** Kills (SIGKILL, by pid) every child this process started that is still running. */
export function killRunning() {
  for (const child of running) child.kill('SIGKILL');
}

/** The last `n` non-empty lines of a text, joined with " / " (for one-line reports). */
export function tailLines(text, n = 3) {
  return String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-n)
    .join(' / ');
}

export const bin = (name) => realpathSync(join(root, 'node_modules', '.bin', name));
export const safeMigrateBin = join(root, 'bin', 'safe-migrate.js');
export const knexEnv = (url) => ({ BENCH_DATABASE_URL: url, KNEX_PATH: join(root, 'node_modules', 'knex') });

/** A knexfile reading the URL from BENCH_DATABASE_URL, with default settings otherwise. */
export function knexfileText(migrationsDir) {
  return `module.exports = { client: 'pg', connection: process.env.BENCH_DATABASE_URL, migrations: { directory: ${JSON.stringify(migrationsDir)} } };\n`;
}

export function percentileOf(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
