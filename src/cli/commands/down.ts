import type { Command } from 'commander';
import { positiveInt, withDatabaseOptions, type CommonFlags } from '../common.js';
import { withMigrator } from '../with-migrator.js';
import { printRunResult, progressPrinter } from '../print-run.js';

interface DownFlags extends CommonFlags {
  steps?: number;
  to?: string;
  lastRun?: boolean;
  dryRun?: boolean;
  untilBlocked?: boolean;
  overrideGate?: string;
}

export function defineDown(program: Command): void {
  withDatabaseOptions(
    program
      .command('down')
      .description('roll back applied migrations by running their down parts, newest first (default: the last one)')
      .option('--steps <n>', 'roll back the last n applied migrations', positiveInt('--steps'))
      .option('--to <id>', 'roll back everything applied after this id (it stays applied)')
      .option('--last-run', 'roll back everything the last up applied')
      .option('--dry-run', 'show what would run, change nothing')
      .option('--until-blocked', 'apply the migrations before the first one the gate blocks, then stop (exit 3)')
      .option('--override-gate <reason>', 'run steps the colour gate blocks; the reason and blockers are recorded in the audit log'),
  )
    .addHelpText('after', '\nExamples:\n  $ safe-migrate down\n  $ safe-migrate down --steps 2\n  $ safe-migrate down --last-run\n')
    .action((flags: DownFlags) =>
      withMigrator(flags, async (migrator, out) => {
        const result = await migrator.down({ steps: flags.steps, to: flags.to, lastRun: flags.lastRun, dryRun: flags.dryRun, untilBlocked: flags.untilBlocked, overrideGate: flags.overrideGate });
        return printRunResult(out, result, 'down');
      }, { events: progressPrinter }),
    );
}
