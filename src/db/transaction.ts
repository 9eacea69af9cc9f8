// One transaction on a session: COMMIT when the work succeeds, ROLLBACK (and rethrow) when it
// fails, so a failed write never leaves the session in an aborted transaction.
import type { Session } from './session.js';

export async function inTransaction<T>(session: Session, work: () => Promise<T>): Promise<T> {
  await session.query('BEGIN');
  try {
    const result = await work();
    await session.query('COMMIT');
    return result;
  } catch (error) {
    await session.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
