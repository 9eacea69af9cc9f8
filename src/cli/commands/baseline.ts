// `safe-migrate baseline --to <id>`: adopt a database another tool already migrated
// (docs/coming-from.md). Only commander wiring and output live here; src/runner/baseline.ts decides.
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { withDatabaseOptions, type CommonFlags } from '../common.js';
import { withMigrator } from '../with-migrator.js';

interface BaselineFlags extends CommonFlags {
  to: string;
  reason?: string;
  dryRun?: boolean;
}

export function defineBaseline(program: Command): void {
  withDatabaseOptions(
    program
      .command('baseline')
      .description('record the migrations a database already has as applied, without running them (adopting an existing database)')
      .requiredOption('--to <id>', 'the newest migration the database already has (id or name)')
      .option('--reason <text>', 'why, recorded in the audit log')
      .option('--dry-run', 'list what would be recorded, change nothing'),
  )
    .addHelpText(
      'after',
      '\nEvery pending migration up to and including --to gets its ledger row, as if up had run it; one audit event records the baseline. Nothing is run, and no rollout phases are recorded. Refused when a later migration is already recorded, or a migration is interrupted.\n\nExit codes: 0 recorded (or listed with --dry-run), 2 bad input (unknown id, nothing to record, a file that does not parse).\n\nExamples:\n  $ safe-migrate baseline --to 0042 --dry-run\n  $ safe-migrate baseline --to 0042 --reason "adopted from knex"\n',
    )
    .action((flags: BaselineFlags) =>
      withMigrator(flags, async (migrator, out) => {
        const result = await migrator.baseline({ to: flags.to, reason: flags.reason, dryRun: flags.dryRun });
        if (out.json) {
          out.data(result);
          return ExitCode.ok;
        }
        const verb = result.dryRun ? 'would record' : 'recorded';
        for (const m of result.recorded) out.result(`${verb} ${m.name} as applied`);
        out.result(`${result.recorded.length} migration${result.recorded.length === 1 ? '' : 's'} ${result.dryRun ? 'would be recorded (dry run: nothing changed)' : 'recorded as applied; up continues from here'}.`);
        return ExitCode.ok;
      }),
    );
}
