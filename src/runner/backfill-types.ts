// The public shapes of `migrator.backfill()` (spec §7.8, §10): what it takes, what it reports
// while it runs, and what it returns.
import type { Blocker } from '../colours/index.js';
import type { BatchFailure } from './backfill-engine.js';
import type { StartMode } from './backfill-store.js';

export interface BackfillOptions {
  /** `schema.table`, or `table` in the configured default schema. */
  table: string;
  /** One assignment as in an UPDATE's SET list: `column = expression`. */
  set: string;
  /** Which rows to fill, a boolean SQL condition. Default `<column> IS NULL` (so a rerun picks up where it stopped). */
  where?: string;
  /** Rows per batch (per transaction). Default 1000. */
  batchSize?: number;
  /** Pause between batches, in milliseconds, so the application's writes get their turn. Default 50. */
  pauseMs?: number;
  /** Run although the rollout ledger blocks it; the reason and the blockers are recorded in the audit log. */
  overrideGate?: string;
  /** Release id recorded with the audit events. */
  release?: string;
  /** Stop after the current batch commits (status `interrupted`; run again to resume). */
  signal?: AbortSignal;
  /** Called after every batch. */
  onProgress?: (progress: BackfillProgress) => void;
}

export interface BackfillProgress {
  /** `schema.table.column`. */
  target: string;
  /** Rows updated by this run. */
  rows: number;
  /** Rows updated by the earlier runs this one resumed. */
  rowsBefore: number;
  /** Rows this run is expected to update in all (see `estimateKind`). */
  estimate: number;
  /** `count`: counted at start; `planner`: the planner's estimate, for tables over 5M rows. */
  estimateKind: 'count' | 'planner';
  batches: number;
  lastBatchMs: number;
  elapsedMs: number;
  rowsPerSecond: number;
  /** Seconds left at the current rate; undefined before the first batch. */
  etaSeconds: number | undefined;
}

export interface BackfillResult {
  /** `done`: every matching row filled; `interrupted`: stopped by `signal` after a committed batch; `blocked`: the rollout ledger refused; `failed`: a batch's statement failed (that batch rolled back). */
  status: 'done' | 'interrupted' | 'blocked' | 'failed';
  target: string;
  /** Rows updated by this run. */
  rows: number;
  /** Rows updated by this backfill across the runs this one resumed, this run included. */
  rowsTotal: number;
  batches: number;
  seconds: number;
  rowsPerSecond: number;
  longestBatchMs: number;
  /** How this run started: fresh, resuming an interrupted run, or starting over. */
  start: StartMode | undefined;
  /** With status `blocked` (or an override): why. */
  blockers?: Blocker[];
  warnings: string[];
  failure?: BatchFailure;
}
