// The ledger: one row per migration in <schema>.migrations. A transactional migration's
// row is written in the same transaction as its statements; a migration with
// non-transactional steps gets a `running` row first and `applied` at the end (spec §7.3).
import { quoteIdent, type Session } from '../db/index.js';

export interface LedgerRow {
  id: string;
  name: string;
  checksum: string;
  checksumAlgo: string;
  state: 'running' | 'applied';
  direction: 'up' | 'down';
  stepsDone: number;
  stepsTotal: number;
  appliedAt: Date;
  durationMs: number | null;
  runId: string;
  release: string | null;
}

/** What a run writes: a row without its time, which the server stamps (now()). */
export type LedgerWrite = Omit<LedgerRow, 'appliedAt'>;

export class Ledger {
  readonly table: string;
  constructor(readonly schema: string) {
    this.table = `${quoteIdent(schema)}.migrations`;
  }

  async read(session: Session): Promise<LedgerRow[]> {
    const { rows } = await session.query<Record<string, any>>(
      // applied_at as epoch milliseconds: parsing 10,000 timestamptz strings showed in a no-op up (B2).
      `SELECT id, name, checksum, checksum_algo, state, direction, steps_done, steps_total, (extract(epoch FROM applied_at) * 1000)::float8 AS applied_ms, duration_ms, run_id, release
         FROM ${this.table} ORDER BY applied_order`,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      checksum: r.checksum,
      checksumAlgo: r.checksum_algo,
      state: r.state,
      direction: r.direction,
      stepsDone: r.steps_done,
      stepsTotal: r.steps_total,
      appliedAt: new Date(Number(r.applied_ms)),
      durationMs: r.duration_ms,
      runId: r.run_id,
      release: r.release,
    }));
  }

  /** SQL + params that insert or update a row; run inside the step's own transaction. */
  upsert(row: LedgerWrite): [string, unknown[]] {
    return [
      `INSERT INTO ${this.table} (id, name, checksum, checksum_algo, state, direction, steps_done, steps_total, duration_ms, run_id, release)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, checksum_algo = EXCLUDED.checksum_algo, state = EXCLUDED.state, direction = EXCLUDED.direction, steps_done = EXCLUDED.steps_done,
         steps_total = EXCLUDED.steps_total, duration_ms = EXCLUDED.duration_ms, run_id = EXCLUDED.run_id, applied_at = now()`,
      [row.id, row.name, row.checksum, row.checksumAlgo, row.state, row.direction, row.stepsDone, row.stepsTotal, row.durationMs, row.runId, row.release],
    ];
  }

  remove(id: string): [string, unknown[]] {
    return [`DELETE FROM ${this.table} WHERE id = $1`, [id]];
  }

  acceptChecksum(id: string, checksum: string, algo: string): [string, unknown[]] {
    return [`UPDATE ${this.table} SET checksum = $2, checksum_algo = $3 WHERE id = $1`, [id, checksum, algo]];
  }

  markApplied(id: string): [string, unknown[]] {
    return [`UPDATE ${this.table} SET state = 'applied', direction = 'up', steps_done = steps_total WHERE id = $1`, [id]];
  }
}
