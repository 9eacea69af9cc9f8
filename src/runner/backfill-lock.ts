// One backfill per column at a time: a session advisory lock keyed on the column, on its own
// connection, tried once. Not the migration lock: a backfill runs for minutes or hours and must
// not hold up a deploy's `up`; two backfills of the same column, though, would fight over the
// same rows and the same progress row. Session-level, so a crashed run releases it.
import type { Session } from '../db/index.js';
import { SafeMigrateError } from '../errors.js';
import { describeHolder, lockHolder } from './lock.js';

const LOCK_CLASS = 0x5afe;

export interface ColumnLock {
  release(): Promise<void>;
}

/** Takes the column's lock or throws (unavailable, exit 5) naming the run that holds it. */
export async function lockColumn(session: Session, target: string): Promise<ColumnLock> {
  const key = lockKey(target);
  const { rows } = await session.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_CLASS}, hashtext($1)) AS locked`, [key]);
  if (!rows[0]?.locked) {
    const holder = await lockHolder(session, key);
    throw new SafeMigrateError('unavailable', `another backfill of ${target} is running: ${describeHolder(holder)}`, {
      hint: holder ? `wait for it to finish, or stop it (Ctrl-C; if its client is gone: SELECT pg_terminate_backend(${holder.pid})) — a new run resumes where it stopped` : 'retry; it just finished',
    });
  }
  return { release: () => session.query(`SELECT pg_advisory_unlock(${LOCK_CLASS}, hashtext($1))`, [key]).then(() => undefined) };
}

/** The second key's text: `hashtext('backfill:' || schema.table.column)`. */
export function lockKey(target: string): string {
  return `backfill:${target}`;
}
