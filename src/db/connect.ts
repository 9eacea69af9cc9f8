// Opens a database from a URL: `postgres://…` (real server, `pg` driver) or
// `pglite:<dir>` / `pglite:memory` (embedded PostgreSQL in WebAssembly).
// Drivers are imported lazily so commands that need no database start fast.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Knex } from 'knex';
import { SafeMigrateError } from '../errors.js';
import { VERSION } from '../version.js';
import { describeUrl, redact } from './redact.js';
import { pgSession, pgliteSession, type Session } from './session.js';

export interface Database {
  kind: 'pg' | 'pglite';
  /** `user@host:port/db` or the pglite URL: safe to print. */
  display: string;
  /** A new pinned connection (PostgreSQL) or the embedded one (PGlite). */
  openSession(purpose: string): Promise<Session>;
  /** A knex instance on the same database, created on first use (for knex-module migrations). */
  knex(): Promise<Knex>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Base directory for relative `pglite:` paths. */
  cwd?: string;
}

export async function openDatabase(url: string, options: ConnectOptions = {}): Promise<Database> {
  if (url.startsWith('pglite:')) return openPglite(url, options.cwd ?? process.cwd());
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgres(url);
  throw new SafeMigrateError('usage', `unsupported database URL "${describeUrl(url)}"`, {
    hint: 'use postgres://user@host:port/db or pglite:<dir> (pglite:memory for a throwaway database)',
  });
}

/**
 * pg decides at load time whether it runs in a Cloudflare Worker: without `navigator` (Node 20)
 * it builds a fetch `Response` to find out, which loads undici (~15 ms of every command). A
 * `navigator` that says Node, present only while pg loads, answers the question directly.
 */
async function importPg(): Promise<typeof import('pg')> {
  const global = globalThis as { navigator?: unknown };
  if (global.navigator !== undefined) return import('pg');
  global.navigator = { userAgent: `Node.js/${process.versions.node}` };
  try {
    return await import('pg');
  } finally {
    delete global.navigator;
  }
}

async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await importPg();
  const display = describeUrl(url);
  // pg would throw a bare TypeError ("Invalid URL") on the first connect: say what is wrong, without the URL itself.
  try {
    new URL(url);
  } catch {
    throw new SafeMigrateError('usage', 'the database URL cannot be parsed', {
      hint: 'use a URL like postgres://user@host:5432/database (a password goes after the user name and a colon, percent-encoded)',
    });
  }
  let knexInstance: Knex | undefined;
  const sessions = new Set<Session>();
  return {
    kind: 'pg',
    display,
    async openSession(purpose) {
      const client = new pg.Client({ connectionString: url, application_name: `safe-migrate/${VERSION}` });
      // A dead connection surfaces on the next query instead, with the server's reason kept
      // (e.g. "terminating connection due to administrator command") rather than pg's generic one.
      let lost: Error | undefined;
      client.on('error', (error) => void (lost ??= error));
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        throw unavailable(error, display, url);
      }
      const { rows } = await client.query(SESSION_SETUP);
      const session = pgSession(client, rows[0].pid, () => lost);
      sessions.add(session);
      void purpose;
      return session;
    },
    async knex() {
      if (!knexInstance) {
        const { default: knex } = await import('knex');
        knexInstance = knex({
          client: 'pg',
          connection: { connectionString: url, application_name: `safe-migrate/${VERSION}` },
          // Knex-module migrations run on these connections: same session safety as ours (spec §7.4).
          pool: { min: 0, max: 2, afterCreate: (conn: any, done: (error: Error | null, conn: unknown) => void) => conn.query(SESSION_SETUP, (error: Error | null) => done(error, conn)) },
        });
      }
      return knexInstance;
    },
    async close() {
      await Promise.all([...sessions].map((s) => s.close()));
      await knexInstance?.destroy();
    },
  };
}

// The migrator's own session: a killed client must not leave a backend holding locks
// (spec §7.4). client_connection_check_interval exists from PostgreSQL 14 on.
const SESSION_SETUP = `SELECT pg_backend_pid() AS pid,
  set_config('idle_in_transaction_session_timeout', '60s', false) AS idle,
  CASE WHEN current_setting('server_version_num')::int >= 140000
       THEN set_config('client_connection_check_interval', '2s', false) END AS check_interval`;

async function openPglite(url: string, cwd: string): Promise<Database> {
  const target = url.slice('pglite:'.length);
  const dir = target === 'memory' || target === '' ? undefined : resolve(cwd, target);
  if (dir) mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  let db: InstanceType<typeof PGlite>;
  try {
    db = new PGlite(dir);
    await db.waitReady;
  } catch (error) {
    throw new SafeMigrateError('unavailable', `cannot open embedded database ${url}: ${(error as Error).message}`, {
      hint: 'check that the directory is writable and not used by another process',
    });
  }
  const session = pgliteSession(db);
  let knexInstance: Knex | undefined;
  return {
    kind: 'pglite',
    display: url,
    openSession: async () => session,
    async knex() {
      if (!knexInstance) {
        const [{ default: knex }, { default: ClientPgLite }] = await Promise.all([import('knex'), import('knex-pglite')]);
        knexInstance = knex({ client: ClientPgLite as any, dialect: 'postgres', connection: () => ({ pglite: db }) as any });
      }
      return knexInstance;
    },
    async close() {
      // knex-pglite closes the shared instance when knex is destroyed; close it only once.
      await knexInstance?.destroy();
      if (!db.closed) await db.close();
    },
  };
}

export function unavailable(error: unknown, display: string, url: string): SafeMigrateError {
  const message = redact((error as Error)?.message ?? String(error), url);
  return new SafeMigrateError('unavailable', `cannot connect to ${display}: ${message}`, {
    hint: 'check that the server is running and the URL, user and password are right (--database, DATABASE_URL or config "database")',
  });
}
