// Runs work under the migration lock, with the internal tables ensured. The lock lives on
// its own connection (PostgreSQL) so it survives the work session's transactions; PGlite has
// one connection and one process, so the lock is taken on it directly.
import { assertOwnBackend, ensureInternalSchema, type Session } from '../db/index.js';
import { SafeMigrateError } from '../errors.js';
import { acquireMigrationLock } from './lock.js';
import type { MigratorContext } from './migrator.js';

/** Throws when the migration lock may be gone; call before starting each migration. */
export type LockGuard = () => Promise<void>;

export async function withMigrationLock<T>(ctx: MigratorContext, work: (session: Session, guard: LockGuard) => Promise<T>): Promise<T> {
  const db = await ctx.database();
  const session = await ctx.session();
  const lockSession = await ctx.lockSession();
  try {
    const lock = await acquireMigrationLock(lockSession, {
      schema: ctx.config.internalSchema,
      waitMs: ctx.config.lockWaitMs,
      onWait: (holder, waitedMs) => ctx.onEvent({ type: 'lock-wait', holder, waitedMs }),
    });
    try {
      // Before anything is created or run: both connections must still be the backends they
      // were (not so behind a transaction-pooling proxy, where the lock would float away).
      if (db.kind === 'pg') for (const s of new Set([lockSession, session])) await assertOwnBackend(s);
      await ensureInternalSchema(session, ctx.config.internalSchema);
      return await work(session, lockSession === session ? async () => undefined : lockGuard(lockSession));
    } finally {
      await lock.release().catch(() => undefined);
    }
  } finally {
    if (lockSession !== session) await lockSession.close();
  }
}

/**
 * The lock is held by the lock connection's backend: if that connection died (terminated,
 * network, server restart), another run may already hold the lock, so no further migration or step
 * may start (R2). One round trip per migration.
 */
function lockGuard(lockSession: Session): LockGuard {
  let checkedAt = Date.now();
  return async () => {
    // A connection the driver already knows is dead fails at once; otherwise a round trip at
    // most once a second keeps a run of many small migrations from paying one per migration.
    if (!lockSession.lost && Date.now() - checkedAt < 1000) return;
    await guardLock(lockSession);
    checkedAt = Date.now();
  };
}

async function guardLock(lockSession: Session): Promise<void> {
  try {
    await assertOwnBackend(lockSession);
  } catch (error) {
    if (error instanceof SafeMigrateError) throw error;
    throw new SafeMigrateError('unavailable', `lost the connection holding the migration lock: ${(error as Error).message}`, {
      hint: 'no further migration or step was started; run the command again once the database is reachable (what was applied stays recorded, and an interrupted migration resumes)',
    });
  }
}
