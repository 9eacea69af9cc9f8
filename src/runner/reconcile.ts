// Compares migration files with the ledger (spec §7.5). Pure: files + rows in, states and
// integrity problems out. Runs before any table lock is taken.
import type { Migration } from '../files/types.js';
import type { LedgerRow } from './ledger.js';

export type MigrationState = 'applied' | 'pending' | 'edited' | 'missing' | 'future' | 'running';

export interface StatusEntry {
  id: string;
  name: string;
  state: MigrationState;
  appliedAt: Date | undefined;
  /** The file's checksum when there is a file, else the recorded one. */
  checksum: string;
  /** For `edited`: the checksum recorded when it was applied. */
  recordedChecksum?: string;
  migration: Migration | undefined;
  row: LedgerRow | undefined;
}

export interface IntegrityProblem {
  id: string;
  kind: 'edited' | 'missing' | 'out-of-order';
  message: string;
  hint: string;
  file?: string;
}

export interface Reconciled {
  entries: StatusEntry[];
  pending: Migration[];
  running: StatusEntry[];
  problems: IntegrityProblem[];
}

export function reconcile(migrations: Migration[], rows: LedgerRow[], options: { allowOutOfOrder: boolean }): Reconciled {
  const rowsById = new Map(rows.map((r) => [r.id, r]));
  const fileIds = new Set(migrations.map((m) => m.id));
  // By name, not position: callers pass files sorted, but a row is `future` only past every file.
  const newestFile = migrations.reduce<string | undefined>((max, m) => (max === undefined || m.name > max ? m.name : max), undefined);
  const newestApplied = rows.reduce<string | undefined>((max, r) => (max === undefined || r.name > max ? r.name : max), undefined);
  const entries: StatusEntry[] = [];
  const problems: IntegrityProblem[] = [];

  for (const migration of migrations) {
    const row = rowsById.get(migration.id);
    entries.push(fileEntry(migration, row));
    if (row && row.state === 'applied' && isEdited(migration, row)) {
      problems.push({
        id: migration.id,
        kind: 'edited',
        file: migration.files[0],
        message: `applied migration ${migration.name} was edited: recorded checksum ${short(row.checksum)}, file now ${short(migration.checksum)}`,
        hint: `restore the file as applied, or record the reviewed edit with: safe-migrate repair --accept ${migration.id}`,
      });
    }
    if (!row && newestApplied !== undefined && migration.name < newestApplied && !options.allowOutOfOrder) {
      problems.push({
        id: migration.id,
        kind: 'out-of-order',
        file: migration.files[0],
        message: `pending migration ${migration.name} is older than the newest applied one (${newestApplied})`,
        hint: 'rename it so it sorts after the applied migrations, or pass --allow-out-of-order (config allowOutOfOrder) to apply it anyway',
      });
    }
  }
  for (const row of rows) {
    if (fileIds.has(row.id)) continue;
    // A row newer than every file was applied by a newer release: normal for the older colour.
    const future = newestFile === undefined || row.name > newestFile;
    entries.push({ id: row.id, name: row.name, state: future ? 'future' : 'missing', appliedAt: row.appliedAt, checksum: row.checksum, migration: undefined, row });
    if (!future) {
      problems.push({
        id: row.id,
        kind: 'missing',
        message: `applied migration ${row.name} has no file in the migrations directory`,
        hint: 'restore the file (it is recorded as applied), or if it was rolled back by hand: safe-migrate repair --rolled-back ' + row.id,
      });
    }
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    entries,
    pending: entries.filter((e) => e.state === 'pending').map((e) => e.migration!),
    running: entries.filter((e) => e.state === 'running'),
    problems,
  };
}

function fileEntry(migration: Migration, row: LedgerRow | undefined): StatusEntry {
  const base = { id: migration.id, name: migration.name, checksum: migration.checksum, migration, row };
  if (!row) return { ...base, state: 'pending', appliedAt: undefined };
  if (row.state === 'running') return { ...base, state: 'running', appliedAt: row.appliedAt };
  if (isEdited(migration, row)) return { ...base, state: 'edited', appliedAt: row.appliedAt, recordedChecksum: row.checksum };
  return { ...base, state: 'applied', appliedAt: row.appliedAt };
}

function isEdited(migration: Migration, row: LedgerRow): boolean {
  return row.checksum !== migration.checksum;
}

function short(hash: string): string {
  return hash.slice(0, 12);
}
