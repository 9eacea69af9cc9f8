// Shared by the backfill tests: a fresh database and project per test, the CLI bound to them, a
// CLI child that can be signalled mid-run, and tables whose every row counts its own updates.
import { spawn } from 'node:child_process';
import { bin, makeProject, runCli, type CliResult } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

export interface Fixture {
  db: TestDatabase;
  cwd: string;
  cli(...args: string[]): Promise<CliResult>;
  env: Record<string, string>;
}

export async function fixture(files: Record<string, string> = {}): Promise<Fixture> {
  const db = await createTestDatabase();
  const cwd = makeProject(files);
  const env = { DATABASE_URL: db.url };
  return { db, cwd, env, cli: (...args) => runCli(args, { cwd, env }) };
}

/**
 * `public.t (id bigint PRIMARY KEY, v int, c int, hits int)` with `rows` rows. A trigger counts
 * every UPDATE of a row in `hits`, so "each row exactly once" is `hits = 1` everywhere.
 */
export async function countingTable(db: TestDatabase, rows: number, table = 't'): Promise<void> {
  await db.query(`CREATE TABLE ${table} (id bigint PRIMARY KEY, v int NOT NULL, c int, hits int NOT NULL DEFAULT 0)`);
  await db.query(`INSERT INTO ${table} (id, v) SELECT g, g % 1000 FROM generate_series(1, $1::int) g`, [rows]);
  await countUpdates(db, table);
}

/** Adds the BEFORE UPDATE trigger that increments `hits`. */
export async function countUpdates(db: TestDatabase, table: string): Promise<void> {
  await db.query(`CREATE OR REPLACE FUNCTION count_hits() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.hits := OLD.hits + 1; RETURN NEW; END $$`);
  await db.query(`CREATE TRIGGER count_hits BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION count_hits()`);
}

/** How many rows were updated 0, 1, 2… times. */
export async function hitHistogram(db: TestDatabase, table = 't'): Promise<Record<number, number>> {
  const { rows } = await db.query(`SELECT hits, count(*)::int AS n FROM ${table} GROUP BY hits ORDER BY hits`);
  return Object.fromEntries(rows.map((r) => [r.hits, r.n]));
}

export interface Child {
  pid: number;
  signal(signal: NodeJS.Signals): void;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** The built CLI as a child the test can signal mid-run (runCli only returns when it ends). */
export function startCli(args: string[], fx: Fixture): Child {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', SAFE_MIGRATE_FAULT: undefined, ...fx.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(process.execPath, [bin, ...args], { cwd: fx.cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { pid: child.pid!, signal: (s) => void child.kill(s), done };
}

/** Polls until `check` returns true (or fails after `timeoutMs`). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** rows_done of a backfill's progress row (0 when there is none yet). */
export async function rowsDone(db: TestDatabase, target: string): Promise<number> {
  const exists = await db.query(`SELECT to_regclass('safe_migrate.backfills') IS NOT NULL AS e`);
  if (!exists.rows[0].e) return 0;
  const { rows } = await db.query(`SELECT rows_done FROM safe_migrate.backfills WHERE target = $1`, [target]);
  return Number(rows[0]?.rows_done ?? 0);
}
