import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { withOutputOptions } from '../common.js';
import { runCommand } from '../run-command.js';

export function defineInit(program: Command): void {
  withOutputOptions(
    program
      .command('init')
      .description('create safe-migrate.config.json and the migrations directory here')
      .option('--database <url>', 'database URL to write into the config', 'pglite:.safe-migrate/db')
      .option('--dir <dir>', 'migrations directory', 'migrations'),
  )
    .addHelpText('after', '\nExamples:\n  $ safe-migrate init                                  # embedded PGlite database, ./migrations\n  $ safe-migrate init --database postgres://app@localhost:5432/app\n')
    .action((flags: { database: string; dir: string; format?: string; quiet?: boolean }) =>
      runCommand(flags, async (out) => {
        const file = resolve('safe-migrate.config.json');
        const created: string[] = [];
        if (!existsSync(file)) {
          const config = { $schema: './node_modules/safe-migrate/schema/config.schema.json', database: flags.database, migrationsDir: flags.dir };
          writeFileSync(file, JSON.stringify(config, null, 2) + '\n');
          created.push('safe-migrate.config.json');
        }
        const dir = resolve(flags.dir);
        if (!existsSync(dir)) {
          mkdirSync(dir, { recursive: true });
          created.push(`${flags.dir}/`);
        }
        if (out.json) out.data({ created });
        else out.result(created.length ? `Created ${created.join(' and ')}. Next: safe-migrate new <name>` : `Nothing to do: safe-migrate.config.json and ${join(flags.dir)}/ exist.`);
        return ExitCode.ok;
      }),
    );
}
