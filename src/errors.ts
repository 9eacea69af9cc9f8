// Errors for bad input and unavailable resources. Expected outcomes (lint findings,
// gate refusals, failed steps) are results, not errors; only cli/ turns these into exit codes.

export type ErrorKind = 'usage' | 'input' | 'unavailable' | 'internal';

export interface ErrorWhere {
  file?: string;
  line?: number;
  column?: number;
  object?: string;
}

/** A problem the user can fix: says what happened, where, and what to do next. */
export class SafeMigrateError extends Error {
  readonly kind: ErrorKind;
  readonly where: ErrorWhere | undefined;
  readonly hint: string | undefined;
  /** Further problems found in the same pass (all reported at once). */
  readonly more: SafeMigrateError[];

  constructor(kind: ErrorKind, message: string, options: { where?: ErrorWhere; hint?: string; more?: SafeMigrateError[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SafeMigrateError';
    this.kind = kind;
    this.where = options.where;
    this.hint = options.hint;
    this.more = options.more ?? [];
  }
}

/** `file:line:column` (parts present only). */
export function formatWhere(where: ErrorWhere | undefined): string {
  if (!where?.file) return where?.object ?? '';
  let out = where.file;
  if (where.line !== undefined) out += `:${where.line}`;
  if (where.line !== undefined && where.column !== undefined) out += `:${where.column}`;
  return out;
}
