// safe-migrate's own tables (spec §7.6), in one schema (default `safe_migrate`).
// Created idempotently under the migration lock, versioned in `meta` so a newer tool
// can upgrade the layout and an older one refuses a newer layout instead of corrupting it.
import { SafeMigrateError } from '../errors.js';
import { quoteIdent } from './quote.js';
import type { Session } from './session.js';

/** Bump when the layout changes, and add the upgrade step to `upgrades`. */
export const LAYOUT_VERSION = 1;

function layoutV1(s: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.meta (key text PRIMARY KEY, value text NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.migrations (
       id text PRIMARY KEY,
       name text NOT NULL,
       checksum text NOT NULL,
       checksum_algo text NOT NULL,
       state text NOT NULL CHECK (state IN ('running', 'applied')),
       direction text NOT NULL DEFAULT 'up' CHECK (direction IN ('up', 'down')),
       steps_done integer NOT NULL DEFAULT 0,
       steps_total integer NOT NULL DEFAULT 1,
       applied_at timestamptz NOT NULL DEFAULT now(),
       duration_ms integer,
       run_id text NOT NULL,
       release text,
       applied_order bigserial)`,
    `CREATE TABLE IF NOT EXISTS ${s}.colours (
       name text PRIMARY KEY,
       state text NOT NULL CHECK (state IN ('live', 'idle', 'empty')),
       release text,
       deploy_seq bigint,
       deployed_at timestamptz,
       manifest jsonb,
       schema_snapshot jsonb)`,
    `CREATE SEQUENCE IF NOT EXISTS ${s}.deploy_seq`,
    `CREATE TABLE IF NOT EXISTS ${s}.rollouts (
       object text PRIMARY KEY,
       kind text NOT NULL,
       phase text NOT NULL,
       phases jsonb NOT NULL DEFAULT '{}'::jsonb,
       migration text,
       updated_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE IF NOT EXISTS ${s}.events (
       id bigserial PRIMARY KEY,
       at timestamptz NOT NULL DEFAULT now(),
       action text NOT NULL,
       target text,
       db_user text NOT NULL DEFAULT current_user,
       os_user text,
       host text,
       release text,
       reason text,
       details jsonb)`,
    `INSERT INTO ${s}.meta (key, value) VALUES ('layout', '1') ON CONFLICT (key) DO NOTHING`,
  ];
}

/**
 * Layout versions a session has seen, per schema. Only a present layout is remembered: tables that
 * do not exist yet may be created by another run at any moment, while existing ones are only
 * upgraded by a run holding the migration lock. Saves two round trips per read after the first.
 */
const seen = new WeakMap<Session, Map<string, number>>();

function remember(session: Session, schema: string, version: number): void {
  const bySchema = seen.get(session) ?? new Map<string, number>();
  bySchema.set(schema, version);
  seen.set(session, bySchema);
}

/** Reads the stored layout version, or undefined when the tables do not exist yet. */
export async function readLayoutVersion(session: Session, schema: string): Promise<number | undefined> {
  const known = seen.get(session)?.get(schema);
  if (known !== undefined) return known;
  const meta = `${quoteIdent(schema)}.meta`;
  try {
    const { rows } = await session.query<{ exists: string | null }>(`SELECT to_regclass($1) AS exists`, [meta]);
    if (!rows[0]?.exists) return undefined;
    const version = await session.query<{ value: string }>(`SELECT value FROM ${meta} WHERE key = 'layout'`);
    const value = Number(version.rows[0]?.value ?? 0);
    remember(session, schema, value);
    return value;
  } catch (error) {
    throw await privilegeError(session, schema, error, 'read');
  }
}

/** Creates or upgrades the internal tables. Call with the migration lock held. */
export async function ensureInternalSchema(session: Session, schema: string): Promise<void> {
  const current = await readLayoutVersion(session, schema);
  assertSupported(current, schema);
  if (current === LAYOUT_VERSION) return;
  const s = quoteIdent(schema);
  try {
    // One round trip: a multi-statement string runs as one implicit transaction unless it has its
    // own BEGIN/COMMIT, which it has here so that a failure leaves nothing half-created.
    await session.batch(['BEGIN', ...layoutV1(s), 'COMMIT'].join(';\n'));
    remember(session, schema, LAYOUT_VERSION);
  } catch (error) {
    await session.query('ROLLBACK').catch(() => undefined);
    throw await privilegeError(session, schema, error, 'create');
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';

/** A missing privilege on safe-migrate's own schema is a setup problem to fix (exit 2), not a bug. */
async function privilegeError(session: Session, schema: string, error: unknown, action: 'read' | 'create'): Promise<unknown> {
  if ((error as { code?: string })?.code !== INSUFFICIENT_PRIVILEGE) return error;
  const who = await session
    .query<{ role: string; db: string }>('SELECT current_user AS role, current_database() AS db')
    .then((r) => r.rows[0], () => undefined);
  const role = who ? quoteIdent(who.role) : '<role>';
  const db = who ? quoteIdent(who.db) : '<database>';
  const s = quoteIdent(schema);
  return new SafeMigrateError(
    'usage',
    `role ${role} cannot ${action} safe-migrate's tables in schema ${s}: ${(error as Error).message}`,
    {
      hint:
        action === 'create'
          ? `let it create the schema (GRANT CREATE ON DATABASE ${db} TO ${role}) or create it for it (CREATE SCHEMA ${s} AUTHORIZATION ${role})`
          : `give it the schema (ALTER SCHEMA ${s} OWNER TO ${role}) or run safe-migrate as the role that owns it`,
      cause: error,
    },
  );
}

export function assertSupported(version: number | undefined, schema: string): void {
  if (version !== undefined && version > LAYOUT_VERSION) {
    throw new SafeMigrateError(
      'usage',
      `the tables in schema "${schema}" use layout ${version}, newer than this safe-migrate understands (${LAYOUT_VERSION})`,
      { hint: 'upgrade safe-migrate to the version that last migrated this database' },
    );
  }
}
