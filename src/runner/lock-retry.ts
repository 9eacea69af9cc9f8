// Lock safety (spec §7.4): every attempt runs under SET LOCAL lock_timeout; a lock timeout
// (SQLSTATE 55P03) rolls the whole step back — releasing every lock it held, so the app is
// not stuck behind us while we wait — and the step is retried with exponential backoff and
// jitter, bounded by attempts and a total budget. There is never an attempt without a timeout.
import { SafeMigrateError } from '../errors.js';
import type { Session } from '../db/index.js';

export const LOCK_NOT_AVAILABLE = '55P03';

export interface Blocker {
  pid: number;
  applicationName: string;
  state: string;
  query: string;
  transactionSeconds: number;
}

export interface RetryPolicy {
  attempts: number;
  budgetMs: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface LockTimeoutInfo {
  attempt: number;
  delayMs: number;
  blockers: Blocker[];
  tables: string[];
}

export function isLockTimeout(error: unknown): boolean {
  return (error as { code?: string })?.code === LOCK_NOT_AVAILABLE;
}

/** Runs `attempt` until it succeeds, fails with another error, or the retry budget is spent. */
export async function withLockRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  onTimeout: (attempt: number) => Promise<LockTimeoutInfo>,
): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const started = Date.now();
  const base = policy.baseDelayMs ?? 200;
  const max = policy.maxDelayMs ?? 10_000;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
      const info = await onTimeout(n);
      const delay = Math.min(base * 2 ** (n - 1), max) * (0.5 + Math.random());
      if (n > policy.attempts || Date.now() - started + delay > policy.budgetMs) {
        throw new SafeMigrateError('unavailable', `lock timeouts exhausted after ${n} attempts on ${info.tables.join(', ') || 'the step'}: ${describeBlockers(info.blockers)}`, {
          hint: 'end or wait for the blocking transaction, then run up again (raise lockRetries / lockRetryBudget to wait longer)',
          cause: error,
        });
      }
      info.delayMs = Math.round(delay);
      await sleep(delay);
    }
  }
}

/**
 * Who holds locks on these tables right now (other than us). Tables are named as the classifier
 * names them — `schema.table`, unquoted and case-preserved — so they are matched by name, not
 * parsed with to_regclass (which folds case and rejects names with spaces, quotes or semicolons).
 */
export async function findBlockers(session: Session, tables: string[]): Promise<Blocker[]> {
  if (tables.length === 0) return [];
  // Best effort: naming blockers must never turn a lock timeout into a different failure.
  const result = await session.query<Record<string, any>>(
    `SELECT DISTINCT a.pid, coalesce(a.application_name, '') AS application_name, coalesce(a.state, '') AS state,
            left(coalesce(a.query, ''), 200) AS query,
            coalesce(extract(epoch FROM now() - a.xact_start)::int, 0) AS xact_age
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.granted AND l.pid <> pg_backend_pid()
        AND l.relation IN (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname || '.' || c.relname = ANY($1::text[])
                               OR (c.relname = ANY($1::text[]) AND n.nspname = ANY(current_schemas(false))))`,
    [tables],
  ).catch(() => ({ rows: [] as Record<string, any>[] }));
  return result.rows.map((r) => ({ pid: r.pid, applicationName: r.application_name, state: r.state, query: r.query, transactionSeconds: r.xact_age }));
}

export function describeBlockers(blockers: Blocker[]): string {
  if (blockers.length === 0) return 'the blocking transaction had already ended';
  return blockers
    .map((b) => `pid ${b.pid} (${b.applicationName || 'no application_name'}, ${b.state}, in transaction ${b.transactionSeconds}s: ${b.query.replace(/\s+/g, ' ').trim()})`)
    .join('; ');
}
