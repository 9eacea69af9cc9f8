import type { Command } from 'commander';
import { ADD_PHASES, REMOVE_PHASES } from '../../rollouts/types.js';
import type { RolloutRow } from '../../runner/rollout-api.js';
import { ExitCode } from '../exit-codes.js';
import { withDatabaseOptions, type CommonFlags } from '../common.js';
import { withMigrator } from '../with-migrator.js';

export function defineRollout(program: Command): void {
  const rollout = program
    .command('rollout')
    .description('the rollout ledger: each column’s three-release rollout (or removal), phase by phase')
    .addHelpText('after', '\nExamples:\n  $ safe-migrate rollout status\n  $ safe-migrate rollout deprecate public.deployments.name --reason "r5 stopped reading it"\n');

  withDatabaseOptions(rollout.command('status').description('one row per rollout: object, kind, phase, when each phase was reached, what it waits for'))
    .addHelpText('after', '\nExamples:\n  $ safe-migrate rollout status\n  $ safe-migrate rollout status --format json\n')
    .action((flags: CommonFlags) =>
      withMigrator(flags, async (migrator, out) => {
        const rows = await migrator.rollouts();
        if (out.json) out.data({ rollouts: rows.map(rolloutJson) });
        else out.result(rows.length === 0 ? 'No rollouts yet: they open when a migration adds a column to an existing table.' : rolloutTable(rows));
        return ExitCode.ok;
      }),
    );

  withDatabaseOptions(rollout.command('deprecate <column>').description('declare that application code no longer uses a column (schema.table.column)').option('--reason <text>', 'why, recorded in the audit log'))
    .addHelpText('after', '\nExamples:\n  $ safe-migrate rollout deprecate public.deployments.name\n')
    .action((column: string, flags: CommonFlags & { reason?: string }) =>
      withMigrator(flags, async (migrator, out) => {
        await migrator.deprecate(column, flags.reason);
        if (out.json) out.data({ deprecated: column });
        else out.result(`${column} is deprecated: it can be dropped once no live or idle colour references it.`);
        return ExitCode.ok;
      }),
    );
}

function rolloutJson(r: RolloutRow) {
  return { object: r.object, kind: r.kind, phase: r.phase, phases: r.phases, migration: r.migration, waitingFor: r.waitingFor };
}

function rolloutTable(rows: RolloutRow[]): string {
  const lines: string[] = [];
  for (const r of rows) {
    lines.push(`${r.object}  ${r.kind}  phase: ${r.phase}`);
    // Phases in path order (jsonb does not keep key order).
    for (const phase of [...ADD_PHASES, ...REMOVE_PHASES]) {
      const mark = r.phases[phase];
      if (!mark) continue;
      const by = [mark.release ? `release ${mark.release}` : '', mark.migration ? `migration ${mark.migration}` : '', mark.note ?? ''].filter(Boolean).join(', ');
      lines.push(`  ${phase.padEnd(13)} ${String(mark.at).slice(0, 19).replace('T', ' ')}${by ? `  (${by})` : ''}`);
    }
    lines.push(`  → ${r.waitingFor}`, '');
  }
  return lines.join('\n').trimEnd();
}
