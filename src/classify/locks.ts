// PostgreSQL's table-level lock modes ("Explicit Locking" in the manual), weakest to strongest.
import type { LockLevel } from './types.js';

export const LOCK_ORDER: readonly LockLevel[] = [
  'none', 'ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE',
  'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE',
];

/** One lock a statement takes on one relation (table, view, index, sequence). */
export interface TableLock {
  table: string;
  level: LockLevel;
}

export function strongerLock(a: LockLevel, b: LockLevel): LockLevel {
  return LOCK_ORDER.indexOf(a) >= LOCK_ORDER.indexOf(b) ? a : b;
}

/** `LOCK TABLE … IN <mode> MODE` as the parser reports it: PostgreSQL's LOCKMODE number 1–8. */
export function lockLevelFromMode(mode: number | undefined): LockLevel {
  return LOCK_ORDER[mode ?? 8] ?? 'ACCESS EXCLUSIVE';
}

export interface LockSummary {
  lock: { level: LockLevel; tables: string[] };
  /** Every level taken, strongest first; only when the statement takes more than one level. */
  locks?: Array<{ level: LockLevel; tables: string[] }>;
}

/**
 * Folds per-relation locks into the classification's shape: the strongest level and the relations
 * that take it, plus the full breakdown when relations are locked at different levels
 * (ADD FOREIGN KEY: SHARE ROW EXCLUSIVE on both tables; INSERT … SELECT: ROW EXCLUSIVE + ACCESS SHARE).
 */
export function summarizeLocks(locks: readonly TableLock[]): LockSummary {
  // Most statements lock one relation or none: nothing to fold.
  if (locks.length === 0 || (locks.length === 1 && locks[0]!.level === 'none')) return { lock: { level: 'none', tables: [] } };
  if (locks.length === 1) return { lock: { level: locks[0]!.level, tables: [locks[0]!.table] } };
  const byTable = new Map<string, LockLevel>();
  for (const { table, level } of locks) {
    if (level === 'none') continue;
    byTable.set(table, strongerLock(byTable.get(table) ?? 'none', level));
  }
  const byLevel = new Map<LockLevel, string[]>();
  for (const [table, level] of byTable) byLevel.set(level, [...(byLevel.get(level) ?? []), table]);
  const levels = [...byLevel.keys()].sort((a, b) => LOCK_ORDER.indexOf(b) - LOCK_ORDER.indexOf(a));
  const strongest = levels[0];
  if (!strongest) return { lock: { level: 'none', tables: [] } };
  const lock = { level: strongest, tables: byLevel.get(strongest)! };
  if (levels.length === 1) return { lock };
  return { lock, locks: levels.map((level) => ({ level, tables: byLevel.get(level)! })) };
}
