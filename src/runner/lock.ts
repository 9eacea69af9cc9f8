// The migration lock (spec §7.2): a session-level advisory lock on a dedicated connection,
// taken by *polling* pg_try_advisory_lock with jitter. A blocking pg_advisory_lock would
// deadlock with CREATE INDEX CONCURRENTLY, which waits for every older transaction —
// including a waiting migrator's. Session-level, so a crash releases it with the connection.
import { SafeMigrateError } from '../errors.js';
import type { Session } from '../db/index.js';

/** Constant first key ("SAFE"); the second key is derived from the internal schema name. */
const LOCK_CLASS = 0x5afe;

export interface LockHolder {
  pid: number;
  applicationName: string;
  query: string;
  ageSeconds: number;
  state: string;
}

export interface MigrationLock {
  release(): Promise<void>;
}

export interface LockOptions {
  schema: string;
  waitMs: number;
  /** Called while waiting, at most once a second, with the current holder. */
  onWait?: (holder: LockHolder | undefined, waitedMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

export async function acquireMigrationLock(session: Session, options: LockOptions): Promise<MigrationLock> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const started = Date.now();
  let lastReport = 0;
  for (let attempt = 0; ; attempt++) {
    const { rows } = await session.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_CLASS}, hashtext($1)) AS locked`, [options.schema]);
    if (rows[0]?.locked) {
      return { release: () => session.query(`SELECT pg_advisory_unlock(${LOCK_CLASS}, hashtext($1))`, [options.schema]).then(() => undefined) };
    }
    const waited = Date.now() - started;
    if (waited >= options.waitMs) {
      const holder = await lockHolder(session, options.schema);
      throw new SafeMigrateError('unavailable', `the migration lock was not obtained within ${Math.round(options.waitMs / 1000)}s: ${describeHolder(holder)}`, {
        hint: holder ? `wait for that run to finish, or if its client is gone end it with: SELECT pg_terminate_backend(${holder.pid})` : 'retry; the holder just released it',
      });
    }
    if (options.onWait && waited - lastReport >= 1000) {
      lastReport = waited;
      options.onWait(await lockHolder(session, options.schema), waited);
    }
    // Short first polls keep concurrent deploys fast; jitter keeps waiters from polling in lockstep.
    const base = Math.min(50 * 2 ** Math.min(attempt, 4), 800);
    await sleep(base / 2 + Math.random() * base);
  }
}

export async function lockHolder(session: Session, schema: string): Promise<LockHolder | undefined> {
  const { rows } = await session.query<Record<string, any>>(
    `SELECT a.pid, coalesce(a.application_name, '') AS application_name, coalesce(a.state, '') AS state,
            left(coalesce(a.query, ''), 200) AS query,
            extract(epoch FROM now() - coalesce(a.backend_start, now()))::int AS age
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = hashtext($2)::oid AND l.objsubid = 2`,
    [LOCK_CLASS, schema],
  );
  const r = rows[0];
  return r ? { pid: r.pid, applicationName: r.application_name, query: r.query, ageSeconds: r.age, state: r.state } : undefined;
}

export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'no holder is visible any more';
  return `held by pid ${holder.pid} (${holder.applicationName || 'no application_name'}, ${holder.state || 'unknown state'}, connected ${holder.ageSeconds}s, last query: ${oneLine(holder.query)})`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim() || '—';
}
