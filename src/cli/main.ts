// CLI entry: commander wiring only. Each command lives in commands/<name>.ts and
// imports its heavy modules (database drivers, the parser) lazily inside its action,
// so `--version` and `--help` start fast (quality.md B3).
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { commands } from './commands/index.js';
import { ExitCode } from './exit-codes.js';
import { tuneForOneRun } from './one-run.js';

export async function main(argv: string[]): Promise<void> {
  // `safe-migrate --help | head` closes stdout early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const program = new Command('safe-migrate')
    .description('PostgreSQL migrations that keep both blue-green colours working.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const define of commands) define(program);
  // Before any action loads the parser or a database driver; backfill may run for hours (one-run.ts).
  program.hook('preAction', (_program, action) => {
    if (action.name() !== 'backfill') tuneForOneRun();
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      return;
    }
    // Actions handle their own errors; reaching here is a bug in the wiring.
    process.stderr.write(`safe-migrate: internal error: ${(error as Error)?.message ?? String(error)} — this is a bug; please report it\n`);
    process.exitCode = ExitCode.internal;
  }
}
