// Options shared by the commands that talk to a database, and their mapping onto config.
// Light on purpose: command definitions must not load drivers or the parser (start-up time).
import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config/index.js';
import { SafeMigrateError } from '../errors.js';

export interface CommonFlags {
  database?: string;
  dir?: string;
  config?: string;
  knexfile?: string;
  env?: string;
  schema?: string;
  lockTimeout?: string;
  lockWait?: string;
  allowOutOfOrder?: boolean;
  format?: string;
  quiet?: boolean;
  verbose?: boolean;
}

export function withOutputOptions(command: Command, formats = ['text', 'json']): Command {
  return command
    .option('--format <format>', `output format: ${formats.join(', ')}`, 'text')
    .option('-q, --quiet', 'print only results and errors')
    .option('--verbose', 'print more detail (and stack traces of internal errors)');
}

export function withDatabaseOptions(command: Command): Command {
  return withOutputOptions(
    command
      .option('--database <url>', 'database URL (postgres://… or pglite:<dir>); default DATABASE_URL or config "database"')
      .option('--dir <dir>', 'migrations directory (default: config migrationsDir or ./migrations)')
      .option('--config <file>', 'config file (default: safe-migrate.config.json found upwards)')
      .option('--knexfile <file>', 'take the connection and migrations directory from a knexfile')
      .option('--env <name>', 'knexfile environment (default: NODE_ENV or development)')
      .option('--schema <name>', "schema of safe-migrate's own tables (default safe_migrate)")
      .option('--lock-timeout <duration>', 'lock_timeout per statement, e.g. 500ms')
      .option('--lock-wait <duration>', 'how long to wait for the migration lock, e.g. 10min'),
  );
}

export function checkFormat(format: string | undefined, allowed: string[]): void {
  if (format !== undefined && !allowed.includes(format)) {
    throw new SafeMigrateError('usage', `unknown --format "${format}"`, { hint: `use one of: ${allowed.join(', ')}` });
  }
}

/** Loads config with the command's flags on top (flags beat env, env beats the file). */
export async function configFromFlags(flags: CommonFlags): Promise<Config> {
  const { loadConfig } = await import('../config/index.js');
  return loadConfig({
    configPath: flags.config,
    overrides: {
      database: flags.database,
      migrationsDir: flags.dir,
      knexfile: flags.knexfile,
      knexEnv: flags.env,
      internalSchema: flags.schema,
      lockTimeout: flags.lockTimeout,
      lockWait: flags.lockWait,
      allowOutOfOrder: flags.allowOutOfOrder,
    },
  });
}

/** Parses a positive integer flag value, or fails with exit 2 naming the flag. */
export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError(`${flag} must be a whole number ≥ 1.`);
    return n;
  };
}
