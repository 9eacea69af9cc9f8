import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { withDatabaseOptions, type CommonFlags } from '../common.js';
import { blockersOf, planJson, planText, printBlockers } from '../print-run.js';
import { withMigrator } from '../with-migrator.js';

export function definePlan(program: Command): void {
  withDatabaseOptions(
    program
      .command('plan')
      .description('show pending migrations: steps, each statement’s effect, objects, lock and rewrite notes; changes nothing')
      .option('--to <id>', 'plan up to and including this id'),
  )
    .addHelpText('after', '\nExamples:\n  $ safe-migrate plan\n  $ safe-migrate plan --format json\n')
    .action((flags: CommonFlags & { to?: string }) =>
      withMigrator(flags, async (migrator, out) => {
        const report = await migrator.plan({ to: flags.to });
        if (out.json) out.data({ database: report.database, blocked: report.gate.blocked, blockers: blockersOf(report.gate), warnings: report.gate.warnings, migrations: report.migrations.map(planJson) });
        else {
          if (report.migrations.length === 0) out.result('Nothing to apply: the database is up to date.');
          else out.result(report.migrations.map(planText).join('\n\n'));
          for (const warning of report.gate.warnings) out.warn(`warning: ${warning}`);
          printBlockers(out, report.gate);
        }
        return report.gate.blocked ? ExitCode.blocked : ExitCode.ok;
      }),
    );
}
