// Files against the ledger (spec §7.5), pure: states and integrity problems.
import { describe, expect, it } from 'vitest';
import type { Migration } from '../files/types.js';
import type { LedgerRow } from './ledger.js';
import { reconcile } from './reconcile.js';

function file(name: string, checksum = `sum-${name}`): Migration {
  return { id: name.split('_')[0]!, name, form: 'sql', files: [`migrations/${name}.sql`], checksum, up: { type: 'sql', file: `migrations/${name}.sql`, text: 'SELECT 1', firstLine: 1, noTransaction: false }, down: undefined };
}

function row(name: string, more: Partial<LedgerRow> = {}): LedgerRow {
  return { id: name.split('_')[0]!, name, checksum: `sum-${name}`, checksumAlgo: 'sha256-lf-nobom-v1', state: 'applied', direction: 'up', stepsDone: 1, stepsTotal: 1, appliedAt: new Date('2026-11-20T00:00:00Z'), durationMs: 5, runId: 'run', release: null, ...more };
}

const states = (r: ReturnType<typeof reconcile>) => r.entries.map((e) => `${e.id}:${e.state}`);
const strict = { allowOutOfOrder: false };

describe('reconcile', () => {
  it('applied and pending, in name order; pending lists the migrations to run', () => {
    const r = reconcile([file('0001_a'), file('0002_b'), file('0003_c')], [row('0001_a')], strict);
    expect(states(r)).toEqual(['0001:applied', '0002:pending', '0003:pending']);
    expect(r.pending.map((m) => m.name)).toEqual(['0002_b', '0003_c']);
    expect(r.problems).toEqual([]);
  });

  it('an edited applied file is a problem showing both checksums and the repair', () => {
    const r = reconcile([file('0001_a', 'b'.repeat(64))], [row('0001_a', { checksum: 'a'.repeat(64) })], strict);
    expect(states(r)).toEqual(['0001:edited']);
    expect(r.entries[0]!.recordedChecksum).toBe('a'.repeat(64));
    expect(r.problems).toEqual([
      {
        id: '0001',
        kind: 'edited',
        file: 'migrations/0001_a.sql',
        message: `applied migration 0001_a was edited: recorded checksum ${'a'.repeat(12)}, file now ${'b'.repeat(12)}`,
        hint: 'restore the file as applied, or record the reviewed edit with: safe-migrate repair --accept 0001',
      },
    ]);
  });

  it('"future" means newer than every file, whatever order the files are passed in', () => {
    const r = reconcile([file('0003_c'), file('0001_a')], [row('0001_a'), row('0002_b'), row('0003_c')], strict);
    expect(r.entries.find((e) => e.id === '0002')?.state).toBe('missing');
  });

  it('a missing file older than the newest file is a problem; a newer row is "future" (the other colour\'s release)', () => {
    const r = reconcile([file('0001_a'), file('0003_c')], [row('0001_a'), row('0002_b'), row('0003_c'), row('0004_d')], strict);
    expect(states(r)).toEqual(['0001:applied', '0002:missing', '0003:applied', '0004:future']);
    expect(r.problems.map((p) => [p.id, p.kind])).toEqual([['0002', 'missing']]);
  });

  it('a pending file older than the newest applied one is out of order, unless allowed', () => {
    const files = [file('0001_a'), file('0002_b'), file('0003_c')];
    const rows = [row('0001_a'), row('0003_c')];
    expect(reconcile(files, rows, strict).problems.map((p) => [p.id, p.kind])).toEqual([['0002', 'out-of-order']]);
    const allowed = reconcile(files, rows, { allowOutOfOrder: true });
    expect(allowed.problems).toEqual([]);
    expect(allowed.pending.map((m) => m.id)).toEqual(['0002']);
  });

  it('an interrupted migration is running, not pending, and not judged by its checksum', () => {
    const r = reconcile([file('0001_a'), file('0002_b', 'changed')], [row('0001_a'), row('0002_b', { state: 'running', stepsDone: 1, stepsTotal: 3 })], strict);
    expect(states(r)).toEqual(['0001:applied', '0002:running']);
    expect(r.running.map((e) => e.id)).toEqual(['0002']);
    expect(r.pending).toEqual([]);
    expect(r.problems).toEqual([]);
  });

  it('an empty ledger makes everything pending; no files and no rows is nothing', () => {
    expect(states(reconcile([file('0001_a')], [], strict))).toEqual(['0001:pending']);
    expect(reconcile([], [], strict)).toEqual({ entries: [], pending: [], running: [], problems: [] });
  });
});
