// `safe-migrate lint [paths…]` (spec §8): offline checks of migration files. Only commander
// wiring and the exit code live here; the engine, reporters, config and file reading are imported
// inside the action, so `--help` and `--version` never load the parser (quality.md B3).
import type { Command } from 'commander';
import { FORMATS, type Format } from '../../lint/formats.js';
import { checkFormat, configFromFlags, withOutputOptions, type CommonFlags } from '../common.js';
import { ExitCode } from '../exit-codes.js';
import { runCommand } from '../run-command.js';

interface LintFlags extends CommonFlags {
  since?: string;
}

export function defineLint(program: Command): void {
  withOutputOptions(
    program
      .command('lint')
      .description('check migration files offline: classify every statement and report risky ones')
      .argument('[paths...]', 'migration files or directories (default: the migrations directory)')
      .option('--since <git-ref>', 'lint only migration files changed since this git ref (committed, staged, unstaged or untracked)')
      .option('--dir <dir>', 'migrations directory (default: config migrationsDir or ./migrations)')
      .option('--config <file>', 'config file (default: safe-migrate.config.json found upwards)'),
    [...FORMATS],
  )
    .addHelpText(
      'after',
      '\nExit codes: 0 no error findings, 1 error findings, 2 usage or input error (bad flag, unknown rule in config, missing path, a file that does not parse).\n\nExamples:\n  $ safe-migrate lint\n  $ safe-migrate lint migrations/20261123T0912_add_notes.sql --format json\n  $ safe-migrate lint --since origin/main --format github\n',
    )
    .action((paths: string[], flags: LintFlags) =>
      runCommand(flags, async () => {
        checkFormat(flags.format, [...FORMATS]);
        const format = (flags.format ?? 'text') as Format;
        const [config, { lintTargets }, { lint, formatReport, hasInputErrors }] = await Promise.all([
          configFromFlags(flags),
          import('../../lint/targets.js'),
          import('../../lint/index.js'),
        ]);
        const targets = await lintTargets({ paths, since: flags.since, migrationsDir: config.migrationsDir, cwd: config.cwd });
        const report = await lint(targets, { rules: config.rules, defaultSchema: config.defaultSchema, pendingSet: targets.pendingSet });
        // The report goes to stdout, so colour follows stdout (a TTY and NO_COLOR unset).
        const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
        // Written directly, not through out.result: lint never connects, so there is no password to
        // scrub, and scrubbing would rewrite SQL that merely looks like a URL (and cost ~50 ms on B4).
        process.stdout.write(formatReport(report, format, { color }));
        if (hasInputErrors(report)) return ExitCode.usage;
        return report.summary.errors > 0 ? ExitCode.findings : ExitCode.ok;
      }),
    );
}
