import type { Command } from 'commander';
import { withDatabaseOptions, type CommonFlags } from '../common.js';
import { withMigrator } from '../with-migrator.js';
import { printRunResult, progressPrinter } from '../print-run.js';

interface UpFlags extends CommonFlags {
  to?: string;
  dryRun?: boolean;
  untilBlocked?: boolean;
  overrideGate?: string;
  release?: string;
}

export function defineUp(program: Command): void {
  withDatabaseOptions(
    program
      .command('up')
      .description('apply pending migrations, each in its own transaction, under the migration lock')
      .option('--to <id>', 'apply pending migrations up to and including this id')
      .option('--dry-run', 'show what would run, change nothing')
      .option('--until-blocked', 'apply the migrations before the first one the gate blocks, then stop (exit 3)')
      .option('--override-gate <reason>', 'run steps the colour gate blocks; the reason and blockers are recorded in the audit log')
      .option('--release <id>', 'release id recorded with each applied migration')
      .option('--allow-out-of-order', 'apply pending migrations older than the newest applied one'),
  )
    .addHelpText('after', '\nExamples:\n  $ safe-migrate up\n  $ safe-migrate up --to 0003 --release 2026.11.23-1\n  $ safe-migrate up --dry-run --format json\n')
    .action((flags: UpFlags) =>
      withMigrator(flags, async (migrator, out) => {
        const result = await migrator.up({ to: flags.to, dryRun: flags.dryRun, release: flags.release, untilBlocked: flags.untilBlocked, overrideGate: flags.overrideGate });
        return printRunResult(out, result, 'up');
      }, { events: progressPrinter }),
    );
}
