import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { SafeMigrateError } from '../../errors.js';
import { ExitCode } from '../exit-codes.js';
import { configFromFlags, withOutputOptions } from '../common.js';
import { runCommand } from '../run-command.js';

const TEMPLATE = `-- migrate:up


-- migrate:down

`;

export function defineNew(program: Command): void {
  withOutputOptions(
    program
      .command('new <name>')
      .description('create the next migration file, named with a UTC timestamp id')
      .option('--dir <dir>', 'migrations directory (default: config migrationsDir)')
      .option('--config <file>', 'config file'),
  )
    .addHelpText('after', '\nExamples:\n  $ safe-migrate new add_notes_to_deployments\n')
    .action((name: string, flags: { dir?: string; config?: string; format?: string }) =>
      runCommand(flags, async (out) => {
        const slug = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
        if (!slug) throw new SafeMigrateError('usage', `"${name}" is not a usable migration name`, { hint: 'use letters and digits, e.g. add_notes' });
        const config = await configFromFlags({ dir: flags.dir, config: flags.config });
        mkdirSync(config.migrationsDir, { recursive: true });
        const file = join(config.migrationsDir, `${timestampId(new Date())}_${slug}.sql`);
        if (existsSync(file)) throw new SafeMigrateError('usage', `${file} already exists`, { hint: 'wait a second and retry, or pick another name' });
        writeFileSync(file, TEMPLATE);
        const shown = relative(process.cwd(), file) || file;
        if (out.json) out.data({ file: shown });
        else out.result(`Created ${shown}`);
        return ExitCode.ok;
      }),
    );
}

/** `20261123T091200`: sorts lexicographically in time order, unambiguous in UTC. */
export function timestampId(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
}
