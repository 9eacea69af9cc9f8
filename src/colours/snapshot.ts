// The deploy-time schema snapshot: every relation with its columns (sequences included: code
// calls nextval on them, and defaults use them), every function and type in user schemas.
// Without a manifest, a colour references exactly this (spec §5.2).
import type { Session } from '../db/index.js';
import type { References } from './types.js';

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%' AND n.nspname <> $1`;

export async function takeSnapshot(session: Session, internalSchema: string): Promise<References> {
  const columns = await session.query<{ rel: string; col: string | null }>(
    `SELECT n.nspname || '.' || c.relname AS rel, a.attname AS col
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${USER_SCHEMAS}
      ORDER BY 1, a.attnum`,
    [internalSchema],
  );
  const relations: References['relations'] = {};
  for (const row of columns.rows) {
    const list = (relations[row.rel] ??= []) as string[];
    if (row.col) list.push(row.col);
  }
  const functions = await session.query<{ name: string }>(
    `SELECT DISTINCT n.nspname || '.' || p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${USER_SCHEMAS} ORDER BY 1`,
    [internalSchema],
  );
  const types = await session.query<{ name: string }>(
    `SELECT n.nspname || '.' || t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typtype IN ('e', 'd', 'c', 'r') AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')) AND ${USER_SCHEMAS} ORDER BY 1`,
    [internalSchema],
  );
  return { relations, functions: functions.rows.map((r) => r.name), types: types.rows.map((r) => r.name) };
}

/** Manifest entries that name objects the database does not have (warnings, not errors). */
export function unknownObjects(manifest: References, snapshot: References): string[] {
  const missing: string[] = [];
  for (const [relation, columns] of Object.entries(manifest.relations)) {
    const existing = snapshot.relations[relation];
    if (existing === undefined) {
      missing.push(relation);
      continue;
    }
    if (Array.isArray(columns) && Array.isArray(existing)) for (const c of columns) if (!existing.includes(c)) missing.push(`${relation}.${c}`);
  }
  for (const f of manifest.functions) if (!snapshot.functions.includes(f)) missing.push(`${f}()`);
  for (const t of manifest.types) if (!snapshot.types.includes(t)) missing.push(t);
  return missing;
}
