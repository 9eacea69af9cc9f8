import type { Command } from 'commander';
import type { Colour } from '../../colours/index.js';
import { ExitCode } from '../exit-codes.js';
import { withDatabaseOptions, type CommonFlags } from '../common.js';
import { withMigrator } from '../with-migrator.js';

export function defineColour(program: Command): void {
  const colour = program
    .command('colour')
    .alias('color')
    .description('the colour registry: which release each blue-green colour runs and what it uses')
    .addHelpText('after', '\nExamples:\n  $ safe-migrate colour deploy green --release 2026.11.23-1 --uses manifest.json\n  $ safe-migrate colour switch green\n  $ safe-migrate colour retire blue\n  $ safe-migrate colour status\n');

  withDatabaseOptions(colour.command('deploy <colour>').description('record that a release was deployed into a (non-live) colour; it becomes idle').requiredOption('--release <id>', 'the release id deployed').option('--uses <manifest.json>', 'usage manifest: the tables, columns, functions and types the release references'))
    .addHelpText('after', '\nExamples:\n  $ safe-migrate colour deploy green --release 2026.11.23-1 --uses build/manifest.json\n  $ safe-migrate colour deploy blue --release r2   # no manifest: the current schema counts as used\n')
    .action((name: string, flags: CommonFlags & { release: string; uses?: string }) =>
      withMigrator(flags, async (migrator, out) => {
        const result = await migrator.deployColour({ colour: name, release: flags.release, manifestPath: flags.uses });
        for (const w of result.warnings) out.warn(`warning: ${w}`);
        if (out.json) out.data({ colour: colourJson(result.colour), warnings: result.warnings });
        else out.result(`${name} now runs release ${flags.release} (idle, deploy #${result.colour.deploySeq}${flags.uses ? ', with manifest' : ', schema snapshot as references'}).`);
        return ExitCode.ok;
      }),
    );

  withDatabaseOptions(colour.command('switch <colour>').description('make a colour live; the previously live one becomes idle (the rollback target)'))
    .addHelpText('after', '\nExamples:\n  $ safe-migrate colour switch green\n')
    .action((name: string, flags: CommonFlags) =>
      withMigrator(flags, async (migrator, out) => {
        const result = await migrator.switchColour(name);
        if (out.json) out.data(result);
        else out.result(`${result.live} is live${result.idle ? `; ${result.idle} is idle (the rollback target)` : ''}.`);
        return ExitCode.ok;
      }),
    );

  withDatabaseOptions(colour.command('retire <colour>').description('tear a colour down: empty, references nothing').option('--reason <text>', 'why, recorded in the audit log'))
    .addHelpText('after', '\nExamples:\n  $ safe-migrate colour retire blue --reason "r1 decommissioned"\n')
    .action((name: string, flags: CommonFlags & { reason?: string }) =>
      withMigrator(flags, async (migrator, out) => {
        await migrator.retireColour(name, flags.reason);
        if (out.json) out.data({ retired: name });
        else out.result(`${name} is retired (empty).`);
        return ExitCode.ok;
      }),
    );

  withDatabaseOptions(colour.command('status').description('each colour: state, release, deployed at, what it references'))
    .addHelpText('after', '\nExamples:\n  $ safe-migrate colour status\n  $ safe-migrate colour status --format json\n')
    .action((flags: CommonFlags) =>
      withMigrator(flags, async (migrator, out) => {
        const colours = await migrator.colours();
        if (out.json) out.data({ colours: colours.map(colourJson) });
        else out.result(colourTable(colours));
        return ExitCode.ok;
      }),
    );
}

function colourJson(c: Colour) {
  return { name: c.name, state: c.state, release: c.release, deploySeq: c.deploySeq, deployedAt: c.deployedAt?.toISOString() ?? null, manifest: c.manifest, references: c.manifest ? 'manifest' : c.snapshot ? 'schema-snapshot' : 'nothing' };
}

function summary(c: Colour): string {
  if (c.state === 'empty') return 'nothing';
  const refs = c.manifest ?? c.snapshot;
  if (!refs) return 'nothing';
  const relations = Object.keys(refs.relations).length;
  return `${c.manifest ? 'manifest' : 'schema snapshot'}: ${relations} relation${relations === 1 ? '' : 's'}, ${refs.functions.length} function${refs.functions.length === 1 ? '' : 's'}, ${refs.types.length} type${refs.types.length === 1 ? '' : 's'}`;
}

function colourTable(colours: Colour[]): string {
  const rows = colours.map((c) => [c.name, c.state, c.release ?? '—', c.deployedAt ? c.deployedAt.toISOString() : '—', summary(c)]);
  const head = ['colour', 'state', 'release', 'deployed at', 'references'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
