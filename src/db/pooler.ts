// A transaction-pooling proxy (PgBouncer `pool_mode = transaction`, and the like) hands each
// transaction of a client connection to whichever server connection is free. The migration
// lock (session-level) and the SETs of autocommit steps would then stay on a backend that the
// next statement does not reach — two runs could migrate at once. A session keeps the backend
// pid it saw when it connected; if another backend answers later, that is such a proxy.
import { SafeMigrateError } from '../errors.js';
import type { Session } from './session.js';

/** Throws (exit 2) when a backend other than the session's own answers. PGlite has none (pid 0). */
export async function assertOwnBackend(session: Session): Promise<void> {
  if (session.pid === 0) return;
  const { rows } = await session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = rows[0]?.pid;
  if (pid === session.pid) return;
  throw new SafeMigrateError('usage', `the database connection goes through a transaction-pooling proxy: one connection's statements ran on server backends ${session.pid} and ${pid}`, {
    hint: 'point safe-migrate at PostgreSQL directly, or at a session-mode pool (PgBouncer pool_mode = session): the migration lock and its session settings need one server connection. Nothing was migrated; a lock taken through the proxy is released when the proxy closes that server connection',
  });
}
