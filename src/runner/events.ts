// Audit events (spec §7.7): every up, down, override, repair and colour change.
import { hostname, userInfo } from 'node:os';
import { quoteIdent, type Session } from '../db/index.js';

export interface AuditEvent {
  action: string;
  target?: string | null;
  release?: string | null;
  reason?: string | null;
  details?: unknown;
}

export interface EventRow extends Required<Omit<AuditEvent, 'details'>> {
  id: number;
  at: Date;
  dbUser: string;
  osUser: string | null;
  host: string | null;
  details: unknown;
}

let user: string | null | undefined;

/** Asked once per process: userInfo() is a system call, and a run writes one event per migration. */
function osUser(): string | null {
  if (user !== undefined) return user;
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? null;
  }
  return user;
}

/** SQL + params that write one audit event; run in the transaction of the change it records. */
export function eventInsert(schema: string, event: AuditEvent): [string, unknown[]] {
  return [
    `INSERT INTO ${quoteIdent(schema)}.events (action, target, os_user, host, release, reason, details) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [event.action, event.target ?? null, osUser(), hostname(), event.release ?? null, event.reason ?? null, event.details === undefined ? null : JSON.stringify(event.details)],
  ];
}

export async function writeEvent(session: Session, schema: string, event: AuditEvent): Promise<void> {
  const [sql, params] = eventInsert(schema, event);
  await session.query(sql, params);
}

export async function readEvents(session: Session, schema: string, limit: number): Promise<EventRow[]> {
  const { rows } = await session.query<Record<string, any>>(
    `SELECT id, at, action, target, db_user, os_user, host, release, reason, details FROM ${quoteIdent(schema)}.events ORDER BY id DESC LIMIT $1`,
    [limit],
  );
  return rows.reverse().map((r) => ({
    id: Number(r.id),
    at: new Date(r.at),
    action: r.action,
    target: r.target,
    dbUser: r.db_user,
    osUser: r.os_user,
    host: r.host,
    release: r.release,
    reason: r.reason,
    details: r.details,
  }));
}
