// A step failed: names the migration, direction, statement and location, keeps the cause
// (umzug's MigrationError habit). Carries the cause's SQLSTATE so lock timeouts are retried.
import type { PlannedMigration, PlannedStatement } from './steps.js';

const CONNECTION_LOST = /^(08|57P0)/;

export class StepError extends Error {
  readonly migration: string;
  readonly direction: 'up' | 'down';
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly statement: string | undefined;
  readonly code: string | undefined;
  /** The COMMIT's outcome is unknown (connection lost while committing). */
  readonly commitUnknown: boolean;
  /** For a migration split into steps: the failed step (1-based) and the total, when earlier steps committed. */
  step: { failed: number; of: number } | undefined;

  setProgress(index: number, total: number): void {
    this.step = { failed: index + 1, of: total };
  }

  constructor(planned: PlannedMigration, statement: PlannedStatement | undefined, cause: unknown, commitUnknown = false) {
    const reason = causeMessage(cause);
    const where = statement ? ` at ${statement.file}:${statement.line}` : '';
    super(`migration ${planned.migration.name} (${planned.direction}) failed${where}: ${reason}`, { cause });
    this.name = 'StepError';
    this.migration = planned.migration.name;
    this.direction = planned.direction;
    this.file = statement?.file ?? planned.migration.files[0];
    this.line = statement?.line;
    this.column = statement?.column;
    this.statement = statement?.sql;
    this.code = (cause as { code?: string })?.code;
    this.commitUnknown = commitUnknown;
    this.step = undefined;
  }

  static atCommit(planned: PlannedMigration, cause: unknown): StepError {
    const code = (cause as { code?: string })?.code;
    const lost = code === undefined || CONNECTION_LOST.test(code);
    return new StepError(planned, undefined, cause, lost);
  }
}

function causeMessage(cause: unknown): string {
  const e = cause as { message?: string; code?: string; detail?: string };
  const message = e?.message ?? String(cause);
  const detail = e?.detail ? ` (${e.detail})` : '';
  return `${message}${detail}${e?.code ? ` [SQLSTATE ${e.code}]` : ''}`;
}
