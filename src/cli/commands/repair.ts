import type { Command } from 'commander';
import { SafeMigrateError } from '../../errors.js';
import { ExitCode } from '../exit-codes.js';
import { withDatabaseOptions, type CommonFlags } from '../common.js';
import { withMigrator } from '../with-migrator.js';

interface RepairFlags extends CommonFlags {
  accept?: string;
  applied?: string;
  rolledBack?: string;
  reason?: string;
}

export function defineRepair(program: Command): void {
  withDatabaseOptions(
    program
      .command('repair')
      .description('fix the ledger after a reviewed manual change; writes an audit event')
      .option('--accept <id>', 'record the current checksum of an edited applied migration')
      .option('--applied <id>', 'mark an interrupted (running) migration as applied')
      .option('--rolled-back <id>', 'remove a migration from the ledger (it was rolled back by hand)')
      .option('--reason <text>', 'why, recorded in the audit log'),
  )
    .addHelpText('after', '\nExamples:\n  $ safe-migrate repair --accept 0003 --reason "whitespace-only edit, reviewed"\n  $ safe-migrate repair --applied 0007\n')
    .action((flags: RepairFlags) =>
      withMigrator(flags, async (migrator, out) => {
        const chosen = (['accept', 'applied', 'rolledBack'] as const).filter((k) => flags[k] !== undefined);
        if (chosen.length !== 1) throw new SafeMigrateError('usage', 'repair needs exactly one of --accept, --applied or --rolled-back <id>');
        const key = chosen[0]!;
        const action = key === 'rolledBack' ? 'rolled-back' : key;
        const message = await migrator.repair(action, flags[key]!, flags.reason);
        if (out.json) out.data({ action, id: flags[key], message });
        else out.result(message);
        return ExitCode.ok;
      }),
    );
}
