// The database's NOT VALID `CHECK (c IS NOT NULL)` constraints, for the rollout ledger: a
// `VALIDATE CONSTRAINT` of one enforces its column, also when the constraint was added by a
// migration of an earlier run (the usual split: NOT VALID in one release, VALIDATE in the next).
import type { Session } from '../db/index.js';
import { notNullCheckColumn } from '../rollouts/index.js';

/** `schema.table.constraint` → `schema.table.column`, as columnTouches keys them. Needs the parser loaded. */
export async function readNotValidNotNullChecks(session: Session): Promise<Map<string, string>> {
  const { rows } = await session.query<{ rel: string; name: string; def: string }>(
    `SELECT n.nspname || '.' || c.relname AS rel, k.conname AS name, pg_get_constraintdef(k.oid) AS def
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'c' AND NOT k.convalidated`,
  );
  const checks = new Map<string, string>();
  for (const row of rows) {
    const column = notNullCheckColumn(row.def);
    if (column) checks.set(`${row.rel}.${row.name}`, `${row.rel}.${column}`);
  }
  return checks;
}
