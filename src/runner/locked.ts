// Runs work under the migration lock, with the internal tables ensured. The lock lives on
// its own connection (PostgreSQL) so it survives the work session's transactions; PGlite has
// one connection and one process, so the lock is taken on it directly.
import { ensureInternalSchema, type Session } from '../db/index.js';
import { acquireMigrationLock } from './lock.js';
import type { MigratorContext } from './migrator.js';

export async function withMigrationLock<T>(ctx: MigratorContext, work: (session: Session) => Promise<T>): Promise<T> {
  const db = await ctx.database();
  const session = await ctx.session();
  const lockSession = db.kind === 'pg' ? await db.openSession('lock') : session;
  try {
    const lock = await acquireMigrationLock(lockSession, {
      schema: ctx.config.internalSchema,
      waitMs: ctx.config.lockWaitMs,
      onWait: (holder, waitedMs) => ctx.onEvent({ type: 'lock-wait', holder, waitedMs }),
    });
    try {
      await ensureInternalSchema(session, ctx.config.internalSchema);
      return await work(session);
    } finally {
      await lock.release().catch(() => undefined);
    }
  } finally {
    if (lockSession !== session) await lockSession.close();
  }
}
