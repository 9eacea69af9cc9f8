// Wraps a command's action: turns expected errors into one-line messages and exit codes
// (spec §9), database driver failures into exit 5, and anything else into exit 70 with a
// short report — never a raw stack trace unless --verbose.
import { SafeMigrateError } from '../errors.js';
import { ExitCode } from './exit-codes.js';
import { createOutput, exitCodeFor, formatError, type Output, type OutputOptions } from './output.js';

export type CommandOutput = ReturnType<typeof createOutput>;

export async function runCommand(options: OutputOptions, action: (out: CommandOutput) => Promise<number>): Promise<void> {
  const out = createOutput(options);
  try {
    process.exitCode = await action(out);
  } catch (error) {
    process.exitCode = report(out, error, options);
  }
}

function report(out: Output, error: unknown, options: OutputOptions): number {
  if (error instanceof SafeMigrateError) {
    for (const line of formatError(error)) out.warn(line);
    return exitCodeFor(error);
  }
  const e = error as { code?: string; message?: string; stack?: string };
  if (isConnectionError(e)) {
    out.warn(`safe-migrate: database unavailable: ${e.message} — check that the server is running and reachable, then retry`);
    return ExitCode.unavailable;
  }
  out.warn(`safe-migrate: internal error: ${e?.message ?? String(error)} — this is a bug; please report it with the command you ran${options.verbose ? '' : ' (run with --verbose for details)'}`);
  if (options.verbose && e?.stack) out.warn(e.stack);
  return ExitCode.internal;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '28P01', '28000', '3D000']);

function isConnectionError(e: { code?: string; message?: string }): boolean {
  return Boolean(e?.code && CONNECTION_CODES.has(e.code)) || /Connection terminated|connection.*(closed|lost)|Client has encountered a connection error/i.test(e?.message ?? '');
}
