// Shared by the reliability suite: a CLI child you can kill or watch, polling, stress counts,
// and the mixed migration set the kill loops run.
import { spawn } from 'node:child_process';
import { bin, cliEnv } from '../helpers/cli.js';
import { migratorBackends, sleep, type MigrationExpectation, type Queryable } from '../helpers/invariants.js';

/** SAFE_MIGRATE_STRESS=1 runs the same tests with larger loops (npm run test:stress). */
export const STRESS = process.env.SAFE_MIGRATE_STRESS === '1';

/** The loop count: `short` in npm test, `stress` under SAFE_MIGRATE_STRESS=1. */
export function iterations(short: number, stress: number): number {
  const override = Number(process.env.SAFE_MIGRATE_STRESS_ITERATIONS);
  if (STRESS && Number.isInteger(override) && override > 0) return override;
  return STRESS ? stress : short;
}

/** Per-test timeout that grows with the loop count. */
export function loopTimeout(perIterationMs: number, short: number, stress: number, baseMs = 30_000): number {
  return baseMs + perIterationMs * iterations(short, stress);
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliChild {
  pid: number;
  done: Promise<ChildRun>;
  /** SIGKILL (kill -9) the CLI process. */
  kill(): void;
  stderr(): string;
}

/** Starts the built CLI; unlike runCli it hands back the child so a test can kill it mid-run. */
export function startCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number }): CliChild {
  const started = Date.now();
  const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: cliEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  return { pid: child.pid!, done, kill: () => void child.kill('SIGKILL'), stderr: () => stderr };
}

export function runChild(args: string[], options: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number }): Promise<ChildRun> {
  return startCli(args, options).done;
}

/** Polls `probe` until it returns a truthy value; fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Waits until a safe-migrate backend of this database runs a query matching `pattern` (ILIKE); returns its pid. */
export async function waitForMigratorQuery(db: Queryable, pattern: string, options: { waiting?: boolean; idleToo?: boolean; timeoutMs?: number } = {}): Promise<number> {
  return waitFor(`a safe-migrate backend running ${pattern}`, async () => {
    const { rows } = await db.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'safe-migrate/%' ${options.idleToo ? '' : `AND state = 'active'`}
          AND query ILIKE $1 ${options.waiting ? `AND wait_event_type = 'Lock'` : ''} LIMIT 1`,
      [pattern],
    );
    return rows[0]?.pid as number | undefined;
  }, options.timeoutMs);
}

export async function terminate(db: Queryable, pids: number[]): Promise<void> {
  for (const pid of pids) await db.query(`SELECT pg_terminate_backend($1)`, [pid]);
}

export async function allMigratorPids(db: Queryable): Promise<number[]> {
  return (await migratorBackends(db)).map((b) => b.pid);
}

/** Whether the output claims that this migration was applied (or rolled back), or that all is done. */
export function claimsDone(run: { stdout: string; stderr: string }, migration: string): boolean {
  const name = migration.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(applied|rolled back) ${name}\\b`).test(run.stderr + run.stdout) || /Nothing to (apply|roll back)/.test(run.stdout);
}

// ---------------------------------------------------------------------------------------------
// The mixed migration set of the kill loops: transactional DDL with data, CONCURRENTLY steps,
// a migration mixing both, a view and a function, an enum, a knex module, a backfill and a
// partial unique index. Each has a known effect (for I1), and the whole set takes a second or
// so random kills land at every kind of moment.

export const MIXED_ROWS = { users: 5_000, orders: 20_000 };

export function mixedMigrations(): Record<string, string> {
  const { users, orders } = MIXED_ROWS;
  return {
    'migrations/0001_users.sql': `-- migrate:up
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, ${users}) g;
-- migrate:down
DROP TABLE users;
`,
    'migrations/0002_orders.sql': `-- migrate:up
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id int NOT NULL REFERENCES users (id), total numeric(12, 2) NOT NULL);
INSERT INTO orders (user_id, total) SELECT (g % ${users}) + 1, g / 100.0 FROM generate_series(1, ${orders}) g;
-- migrate:down
DROP TABLE orders;
`,
    'migrations/0003_users_email_idx.sql': `-- migrate:up
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
-- migrate:down
DROP INDEX CONCURRENTLY users_email_idx;
`,
    'migrations/0004_order_notes.sql': `-- migrate:up
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);
ALTER TABLE users ADD COLUMN nickname text;
-- migrate:down
ALTER TABLE users DROP COLUMN nickname;
DROP INDEX CONCURRENTLY orders_user_id_idx;
ALTER TABLE orders DROP COLUMN note;
`,
    'migrations/0005_totals.sql': `-- migrate:up
CREATE FUNCTION order_count(u int) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM orders WHERE user_id = u $$;
CREATE VIEW user_totals AS SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id;
-- migrate:down
DROP VIEW user_totals;
DROP FUNCTION order_count(int);
`,
    'migrations/0006_mood.sql': `-- migrate:up
CREATE TYPE mood AS ENUM ('fine', 'grumpy');
CREATE TABLE moods (user_id int NOT NULL REFERENCES users (id), mood mood NOT NULL);
INSERT INTO moods SELECT id, 'fine' FROM users WHERE id % 10 = 0;
-- migrate:down
DROP TABLE moods;
DROP TYPE mood;
`,
    'migrations/0007_audit.mjs': `export async function up(knex) {
  await knex.schema.createTable('audit', (t) => { t.increments('id'); t.text('what').notNullable(); });
  await knex('audit').insert({ what: 'created' });
}
export async function down(knex) {
  await knex.schema.dropTable('audit');
}
`,
    'migrations/0008_backfill_notes.sql': `-- migrate:up
UPDATE orders SET note = 'order ' || id WHERE id % 3 = 0;
-- migrate:down
UPDATE orders SET note = NULL;
`,
    'migrations/0009_note_key.sql': `-- migrate:up
CREATE UNIQUE INDEX CONCURRENTLY orders_note_key ON orders (note) WHERE note IS NOT NULL;
-- migrate:down
DROP INDEX CONCURRENTLY orders_note_key;
`,
    'migrations/0010_last_seen.sql': `-- migrate:up
ALTER TABLE users ADD COLUMN last_seen timestamptz;
-- migrate:down
ALTER TABLE users DROP COLUMN last_seen;
`,
  };
}

/** Effects of mixedMigrations(), including the data ones the directory scan cannot see. */
export function mixedExpectations(): MigrationExpectation[] {
  const { users, orders } = MIXED_ROWS;
  return [
    { id: '0001', effects: [{ table: 'users' }, { sql: `SELECT count(*) = ${users} FROM users`, label: `${users} users` }] },
    { id: '0002', effects: [{ table: 'orders' }, { sql: `SELECT count(*) = ${orders} FROM orders`, label: `${orders} orders` }] },
    { id: '0003', effects: [{ index: 'users_email_idx' }] },
    { id: '0004', effects: [{ column: 'orders.note' }, { index: 'orders_user_id_idx' }, { column: 'users.nickname' }] },
    { id: '0005', effects: [{ function: 'order_count' }, { table: 'user_totals' }] },
    { id: '0006', effects: [{ type: 'mood' }, { table: 'moods' }] },
    { id: '0007', effects: [{ table: 'audit' }, { sql: `SELECT count(*) = 1 FROM audit`, label: 'one audit row' }] },
    { id: '0008', effects: [{ sql: `SELECT count(*) = ${Math.floor(orders / 3)} FROM orders WHERE note IS NOT NULL`, label: 'notes backfilled' }] },
    { id: '0009', effects: [{ index: 'orders_note_key' }] },
    { id: '0010', effects: [{ column: 'users.last_seen' }] },
  ];
}
