// What up/down return: a value, not an exception, for every expected outcome (style.md).
import type { GateReport } from '../colours/index.js';
import type { StepError } from './step-error.js';
import type { PlannedMigration } from './steps.js';

export interface AppliedMigration {
  id: string;
  name: string;
  direction: 'up' | 'down';
  durationMs: number;
}

export interface RunFailure {
  migration: string;
  direction: 'up' | 'down';
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
  statement: string | undefined;
  message: string;
  code: string | undefined;
  commitUnknown: boolean;
  /** When earlier steps of the migration committed: which step failed, of how many (the next run resumes there). */
  step?: { failed: number; of: number };
}

export interface RunResult {
  status: 'ok' | 'failed' | 'blocked';
  /** Migrations applied (or reverted) by this run, in order. */
  applied: AppliedMigration[];
  /** For --dry-run: what would run. */
  planned: PlannedMigration[];
  failure?: RunFailure;
  warnings: string[];
  dryRun: boolean;
  /** The colour gate's decisions for the planned migrations. */
  gate?: GateReport;
}

export function failureOf(error: StepError): RunFailure {
  return {
    migration: error.migration,
    direction: error.direction,
    file: error.file,
    line: error.line,
    column: error.column,
    statement: error.statement,
    message: error.message,
    code: error.code,
    commitUnknown: error.commitUnknown,
    ...(error.step ? { step: error.step } : {}),
  };
}
