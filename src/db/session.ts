// A Session is one pinned database connection the runner drives statement by statement.
// PostgreSQL sessions are plain `pg` clients (fast, and `?` in SQL is never mistaken for a
// knex binding); PGlite has exactly one connection, shared by every session.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Session {
  /** Sends one statement. With no params it uses the simple protocol on PostgreSQL. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /**
   * Sends several statements of our own, without parameters, in one round trip (simple
   * protocol). Never used for migration SQL, which always goes one statement at a time.
   */
  batch(sql: string): Promise<void>;
  /** The server backend pid, for naming who holds what. */
  readonly pid: number;
  /** The connection reported an error or ended: queries will fail. */
  readonly lost: boolean;
  close(): Promise<void>;
}

export function pgSession(client: pg.Client, pid: number, lostWith: () => Error | undefined = () => undefined): Session {
  let closed = false;
  let ended = false;
  client.once('end', () => (ended = true));
  const session: Session = {
    pid,
    get lost() {
      return ended || lostWith() !== undefined;
    },
    async batch(sql: string) {
      await session.query(sql);
    },
    async query<R>(sql: string, params?: unknown[]) {
      let result;
      try {
        result = params ? await client.query(sql, params as unknown[]) : await client.query(sql);
      } catch (error) {
        // pg says only "Client has encountered a connection error and is not queryable" once the
        // connection died while idle; the error that killed it names the reason (and its SQLSTATE).
        const lost = lostWith();
        throw lost && (error as { code?: string }).code === undefined ? lost : error;
      }
      // A multi-statement string returns an array; we never send those, but be defensive.
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return { rows: (last?.rows ?? []) as R[], rowCount: last?.rowCount ?? 0 };
    },
    async close() {
      if (closed) return;
      closed = true;
      const stream = (client as unknown as { connection?: { stream?: NodeJS.WritableStream & { destroy(): void } } }).connection?.stream;
      // Like libpq's PQfinish: once Terminate is written and our side is shut ('finish'), the socket
      // is closed without waiting for the server to close its side after the backend exits (~10 ms
      // per connection). When end() needs no goodbye (a dead connection), it settles first.
      const finished = new Promise<void>((resolve) => stream?.once('finish', resolve));
      const ended = client.end().catch(() => undefined);
      await Promise.race([ended, finished]);
      stream?.destroy();
      await ended;
    },
  };
  return session;
}

export function pgliteSession(db: PGlite): Session {
  return {
    pid: 0,
    lost: false,
    async batch(sql: string) {
      await db.exec(sql);
    },
    async query<R>(sql: string, params?: unknown[]) {
      const result = params ? await db.query<R>(sql, params) : await db.query<R>(sql);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    // The single embedded connection belongs to the Database; sessions only borrow it.
    async close() {},
  };
}
