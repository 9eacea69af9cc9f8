import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SafeMigrateError } from '../../errors.js';
import type { ReportData } from '../../report/html.js';
import { ADD_PHASES, REMOVE_PHASES } from '../../rollouts/types.js';
import { ExitCode } from '../exit-codes.js';
import { configFromFlags, withDatabaseOptions, type CommonFlags } from '../common.js';
import { blockersOf } from '../print-run.js';
import { runCommand } from '../run-command.js';

export function defineReport(program: Command): void {
  withDatabaseOptions(
    program
      .command('report')
      .description('write a self-contained HTML page of the pending plan, the colours and the rollout timeline (for CI artefacts)')
      .requiredOption('--html <file>', 'where to write the page'),
  )
    .addHelpText('after', '\nExamples:\n  $ safe-migrate report --html safe-migrate-report.html\n')
    .action((flags: CommonFlags & { html: string }) =>
      runCommand(flags, async (out) => {
        if (!flags.html.trim()) throw new SafeMigrateError('usage', '--html needs a file name');
        const config = await configFromFlags(flags);
        out.protect(config.database);
        const [{ createMigrator }, { renderReport }] = await Promise.all([import('../../runner/index.js'), import('../../report/html.js')]);
        const migrator = createMigrator({ config });
        try {
          const [plan, colours, rollouts] = [await migrator.plan(), await migrator.colours(), await migrator.rollouts()];
          const data: ReportData = {
            generatedAt: new Date().toISOString(),
            database: plan.database,
            plan: plan.migrations.map((m) => ({
              name: m.migration.name,
              blocked: plan.gate.decisions.some((d) => d.blocked && d.migration === m.migration.name),
              statements: m.statements.map((s) => ({ file: s.file, line: s.line, effect: s.classification?.effect ?? 'unknown', lock: s.classification && s.classification.lock.level !== 'none' ? `${s.classification.lock.level} on ${s.classification.lock.tables.join(', ')}` : '—', sql: s.sql })),
            })),
            blockers: blockersOf(plan.gate).map((b) => ({ message: b.message })),
            warnings: plan.gate.warnings,
            colours: colours.map((c) => ({ name: c.name, state: c.state, release: c.release, deployedAt: c.deployedAt?.toISOString() ?? null, references: c.state === 'empty' ? 'nothing' : c.manifest ? 'manifest' : 'schema snapshot' })),
            rollouts: rollouts.map((r) => ({
              object: r.object,
              kind: r.kind,
              phase: r.phase,
              waitingFor: r.waitingFor,
              phases: [...ADD_PHASES, ...REMOVE_PHASES].filter((p) => r.phases[p]).map((p) => ({ phase: p, at: String(r.phases[p]!.at), release: r.phases[p]!.release ?? null, migration: r.phases[p]!.migration ?? null })),
            })),
          };
          writeFileSync(flags.html, renderReport(data));
          if (out.json) out.data({ file: flags.html });
          else out.result(`Wrote ${flags.html}`);
          return ExitCode.ok;
        } finally {
          await migrator.close();
        }
      }),
    );
}
