// The shared shape of every command that talks to a database: check the output format, load
// the config (flags on top), keep the database URL's password out of all output, open a
// migrator, do the work, and always close it again.
import type { Config } from '../config/index.js';
import type { EventSink, Migrator } from '../runner/index.js';
import { checkFormat, configFromFlags, type CommonFlags } from './common.js';
import { runCommand, type CommandOutput } from './run-command.js';

export interface MigratorActionOptions {
  /** Output formats this command accepts (default text and json). */
  formats?: string[];
  /** Progress events (up, down): how to show them. */
  events?: (out: CommandOutput) => EventSink;
}

export function withMigrator(
  flags: CommonFlags,
  work: (migrator: Migrator, out: CommandOutput, config: Config) => Promise<number>,
  options: MigratorActionOptions = {},
): Promise<void> {
  return runCommand(flags, async (out) => {
    checkFormat(flags.format, options.formats ?? ['text', 'json']);
    const config = await configFromFlags(flags);
    out.protect(config.database);
    const { createMigrator } = await import('../runner/index.js');
    const migrator = createMigrator({ config, onEvent: options.events?.(out) });
    try {
      return await work(migrator, out, config);
    } finally {
      await migrator.close();
    }
  });
}
