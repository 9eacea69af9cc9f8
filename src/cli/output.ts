// Everything the CLI prints goes through here: machine output on stdout, logs on stderr,
// colour only on a TTY without NO_COLOR, passwords redacted, errors as one consistent line.
import { redact } from '../db/redact.js';
import { formatWhere, SafeMigrateError } from '../errors.js';
import { ExitCode } from './exit-codes.js';

export interface OutputOptions {
  quiet?: boolean;
  verbose?: boolean;
  format?: string;
}

export interface Output {
  color: boolean;
  /** --quiet: progress and notes are hidden. */
  quiet: boolean;
  json: boolean;
  /** Progress and notes (stderr). Hidden by --quiet. */
  info(line: string): void;
  /** Details shown with --verbose (stderr). */
  debug(line: string): void;
  /** Warnings (stderr), shown even with --quiet. */
  warn(line: string): void;
  /** The command's result (stdout). */
  result(text: string): void;
  /** Machine output (stdout). */
  data(value: unknown): void;
  /** Registers a secret (the database URL) to scrub from everything printed. */
  protect(url: string | undefined): void;
}

const ANSI = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
export type Tint = keyof typeof ANSI;

export function createOutput(options: OutputOptions, streams = { out: process.stdout, err: process.stderr }): Output & { tint(text: string, tint: Tint): string } {
  const secrets: string[] = [];
  const clean = (text: string) => secrets.reduce((t, url) => redact(t, url), redact(text));
  const color = Boolean(streams.err.isTTY) && !process.env.NO_COLOR;
  return {
    color,
    quiet: Boolean(options.quiet),
    json: options.format === 'json',
    info: (line) => void (!options.quiet && streams.err.write(clean(line) + '\n')),
    debug: (line) => void (options.verbose && streams.err.write(clean(line) + '\n')),
    warn: (line) => void streams.err.write(clean(line) + '\n'),
    result: (text) => void streams.out.write(clean(text) + (text.endsWith('\n') ? '' : '\n')),
    data: (value) => void streams.out.write(clean(JSON.stringify(value, null, 2)) + '\n'),
    protect: (url) => void (url && secrets.push(url)),
    tint: (text, tint) => (color ? `\x1b[${ANSI[tint]}m${text}\x1b[0m` : text),
  };
}

/** One line per problem: `safe-migrate: <where>: <what>. <what to do>`. */
export function formatError(error: SafeMigrateError): string[] {
  return [error, ...error.more].map((e) => {
    const where = formatWhere(e.where);
    const what = `${where ? `${where}: ` : ''}${e.message}`;
    return `safe-migrate: ${what}${e.hint ? ` — ${e.hint}` : ''}`;
  });
}

export function exitCodeFor(error: SafeMigrateError): number {
  switch (error.kind) {
    case 'usage':
    case 'input':
      return ExitCode.usage;
    case 'unavailable':
      return ExitCode.unavailable;
    default:
      return ExitCode.internal;
  }
}
