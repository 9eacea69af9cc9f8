import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { positiveInt, withDatabaseOptions, type CommonFlags } from '../common.js';
import { withMigrator } from '../with-migrator.js';

export function defineLog(program: Command): void {
  withDatabaseOptions(
    program
      .command('log')
      .description('print the audit log: every up, down, override, repair and colour change')
      .option('--limit <n>', 'how many recent events', positiveInt('--limit'), 50),
  )
    .addHelpText('after', '\nExamples:\n  $ safe-migrate log\n  $ safe-migrate log --limit 10 --format json\n')
    .action((flags: CommonFlags & { limit: number }) =>
      withMigrator(flags, async (migrator, out) => {
        const events = await migrator.log(flags.limit);
        if (out.json) out.data({ events });
        else if (events.length === 0) out.result('No events recorded yet.');
        else
          out.result(
            events
              .map((e) => `${e.at.toISOString()}  ${e.action.padEnd(12)} ${(e.target ?? '').padEnd(28)} ${e.dbUser}${e.osUser ? ` (${e.osUser}@${e.host})` : ''}${e.release ? `  release ${e.release}` : ''}${e.reason ? `  reason: ${e.reason}` : ''}`)
              .join('\n'),
          );
        return ExitCode.ok;
      }),
    );
}
