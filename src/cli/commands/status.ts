import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { withDatabaseOptions, type CommonFlags } from '../common.js';
import { withMigrator } from '../with-migrator.js';

interface StatusFlags extends CommonFlags {
  check?: boolean;
}

export function defineStatus(program: Command): void {
  withDatabaseOptions(
    program
      .command('status')
      .description('list migrations as applied, pending, edited, missing, future (applied by a newer release) or running')
      .option('--check', 'exit 1 when anything is pending'),
  )
    .addHelpText('after', '\nExamples:\n  $ safe-migrate status\n  $ safe-migrate status --check   # in CI: fail when migrations are pending\n  $ safe-migrate status --format json\n')
    .action((flags: StatusFlags) =>
      withMigrator(flags, async (migrator, out) => {
        const report = await migrator.status();
        const pending = report.migrations.some((m) => m.state === 'pending');
        if (out.json) {
          out.data({
            database: report.database,
            migrations: report.migrations.map((m) => ({ id: m.id, name: m.name, state: m.state, appliedAt: m.appliedAt?.toISOString() ?? null, checksum: m.checksum })),
            problems: report.problems.map((p) => ({ id: p.id, kind: p.kind, message: p.message, hint: p.hint })),
          });
        } else {
          out.result(statusTable(report.database, report.migrations, out));
          for (const p of report.problems) out.warn(`safe-migrate: ${p.message} — ${p.hint}`);
        }
        if (report.problems.length > 0) return ExitCode.usage;
        return flags.check && pending ? ExitCode.findings : ExitCode.ok;
      }),
    );
}

const TINTS = { applied: 'green', pending: 'yellow', edited: 'red', missing: 'red', future: 'cyan', running: 'red' } as const;

function statusTable(database: string, rows: Array<{ name: string; state: keyof typeof TINTS; appliedAt: Date | undefined }>, out: { tint(t: string, c: any): string }): string {
  if (rows.length === 0) return `${database}: no migrations found.`;
  const width = Math.max(...rows.map((r) => r.name.length), 9);
  const lines = [`${database}`, `${'migration'.padEnd(width)}  ${'state'.padEnd(8)}  applied at`];
  for (const r of rows) lines.push(`${r.name.padEnd(width)}  ${out.tint(r.state.padEnd(8), TINTS[r.state])}  ${r.appliedAt ? r.appliedAt.toISOString() : ''}`);
  const counts = Object.entries(rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.state]: (acc[r.state] ?? 0) + 1 }), {}));
  lines.push('', counts.map(([state, n]) => `${n} ${state}`).join(', '));
  return lines.join('\n');
}
