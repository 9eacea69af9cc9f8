// Captures the SQL of a knex migration without a database (spec §2 form 4). A real knex
// instance with the `pg` dialect and no connection compiles queries as usual; only its
// runner is replaced, so every builder the migration awaits (knex builders are thenables
// whose `then` asks `client.runner(builder).run()`) is recorded instead of executed and
// answered with an empty result shaped the way the pg dialect shapes real ones.
import knexFactory from 'knex';
import type { Knex } from 'knex';

export type CaptureResult = { ok: true; captured: string[] } | { ok: false; error: unknown; captured: string[] };

/** One compiled query as `toSQL()` returns it; `output` marks introspection (hasTable…). */
interface CompiledQuery {
  sql?: unknown;
  bindings?: readonly unknown[];
  method?: string;
  output?: unknown;
  returning?: unknown;
}

interface RecordableBuilder {
  toSQL(): CompiledQuery | CompiledQuery[];
}

/** The parts of knex's (untyped) client the recorder relies on. */
interface ClientInternals {
  runner: (builder: RecordableBuilder) => unknown;
  processResponse: (query: CompiledQuery & { response: unknown }, runner: unknown) => unknown;
  _escapeBinding: (value: unknown) => string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Runs `fn(knex)` against a recording knex and returns the SQL of every query it awaited,
 * one string per statement with bindings inlined. Never throws: a failing or hanging
 * function gives `ok: false` with what was captured so far.
 * @example const { captured } = await captureKnexSql((knex) => knex.raw('select 1')); // ['select 1']
 */
export async function captureKnexSql(fn: (knex: Knex) => unknown, options: { timeoutMs?: number } = {}): Promise<CaptureResult> {
  const { knex, captured } = createRecordingKnex();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const ms = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms} ms (waiting for something other than a knex query?)`)), ms);
    timer.unref();
  });
  try {
    await Promise.race([Promise.resolve().then(() => fn(knex)), timeout]);
    return { ok: true, captured };
  } catch (error) {
    return { ok: false, error, captured };
  } finally {
    clearTimeout(timer);
  }
}

/** A knex instance (pg dialect, no connection) that records instead of executing. */
export function createRecordingKnex(): { knex: Knex; captured: string[] } {
  const knex = knexFactory({ client: 'pg' });
  const client = knex.client as unknown as ClientInternals;
  const captured: string[] = [];
  client.runner = (builder) => ({
    run: async () => record(client, builder, captured),
    stream: () => {
      throw new Error('streaming queries cannot be captured offline');
    },
    pipe: () => {
      throw new Error('streaming queries cannot be captured offline');
    },
  });
  installTransaction(knex);
  return { knex, captured };
}

/**
 * knex's own `transaction` would acquire a connection; here a transaction is the recorder
 * itself, so `knex.transaction(async (trx) => …)` and `await knex.transaction()` both work.
 */
function installTransaction(knex: Knex): void {
  const noop = async (): Promise<void> => undefined;
  const transaction = async (handler?: unknown): Promise<unknown> =>
    typeof handler === 'function' ? handler(knex) : knex;
  for (const [name, value] of Object.entries({ transaction, commit: noop, rollback: noop })) {
    Object.defineProperty(knex, name, { value, configurable: true, writable: true });
  }
}

/** Records the builder's statements and returns what knex would return for empty results. */
function record(client: ClientInternals, builder: RecordableBuilder, captured: string[]): unknown {
  const compiled = builder.toSQL();
  const queries = Array.isArray(compiled) ? compiled : [compiled];
  const results = queries.map((query) => {
    // Introspection (hasTable, hasColumn, columnInfo) changes nothing: answer it, record nothing.
    if (typeof query.output !== 'function' && typeof query.sql === 'string') {
      captured.push(inlineBindings(client, query.sql, query.bindings ?? []));
    }
    return client.processResponse({ ...query, response: emptyResponse(query.method) }, undefined);
  });
  return Array.isArray(compiled) && results.length !== 1 ? results : results[0];
}

function emptyResponse(method: string | undefined): { rows: never[]; rowCount: number; command: string; fields: never[] } {
  const commands: Record<string, string> = { update: 'UPDATE', del: 'DELETE', insert: 'INSERT', raw: '' };
  const command = method === undefined ? '' : (commands[method] ?? 'SELECT');
  return { rows: [], rowCount: 0, command, fields: [] };
}

/**
 * The statement as it would run, with bindings inlined the way knex's `toQuery()` does
 * (`?` placeholders, `\?` for a literal question mark). Plain objects become JSON string
 * literals, as the pg driver sends them, so the SQL still parses (knex's own escaping
 * leaves them unquoted).
 */
function inlineBindings(client: ClientInternals, sql: string, bindings: readonly unknown[]): string {
  let index = 0;
  return sql.replace(/\\?\?/g, (match) => {
    if (match === '\\?') return '?';
    if (index >= bindings.length) return match;
    const value = bindings[index++];
    return client._escapeBinding(isPlainObject(value) ? JSON.stringify(value) : value);
  });
}

function isPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
