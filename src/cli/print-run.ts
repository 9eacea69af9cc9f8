// Text and JSON output for up/down results and their progress events.
import type { GateReport } from '../colours/index.js';
import type { PlannedMigration, RunEvent, RunResult } from '../runner/index.js';
import { ExitCode } from './exit-codes.js';
import { createSpinner } from './spinner.js';
import type { CommandOutput } from './run-command.js';

export function progressPrinter(out: CommandOutput, stream: NodeJS.WriteStream = process.stderr) {
  // On a terminal, waits show as a spinner that says what it waits for and for how long; in
  // logs (no TTY) they are plain lines. --quiet shows neither.
  const spinner = stream.isTTY && !out.quiet ? createSpinner(stream) : undefined;
  const wait = (text: string) => (spinner ? spinner.update(text) : out.info(text));
  return (event: RunEvent): void => {
    switch (event.type) {
      case 'lock-wait':
        wait(`waiting for the migration lock (${Math.round(event.waitedMs / 1000)}s): ${event.holder ? `held by pid ${event.holder.pid} (${event.holder.applicationName || 'unknown'})` : 'holder just released it'}`);
        return;
      case 'lock-timeout':
        wait(`${event.migration}: lock timeout on ${event.tables.join(', ') || 'a table'} (attempt ${event.attempt})${event.blockers.length ? `, blocked by ${event.blockers.map((b) => `pid ${b.pid} (${b.applicationName || 'unknown'}: ${b.query.replace(/\s+/g, ' ').slice(0, 80)})`).join(', ')}` : ''}; retrying`);
        return;
    }
    spinner?.stop();
    switch (event.type) {
      case 'migration-start':
        out.debug(`${event.direction === 'up' ? 'applying' : 'rolling back'} ${event.migration}`);
        break;
      case 'migration-done':
        out.info(`${event.direction === 'up' ? out.tint('applied', 'green') : out.tint('rolled back', 'yellow')} ${event.migration} (${event.durationMs} ms)`);
        break;
      case 'recovered':
        out.info(`${event.migration}: ${event.message}`);
        break;
      case 'warning':
        out.warn(`warning: ${event.message}`);
        break;
    }
  };
}

export function printRunResult(out: CommandOutput, result: RunResult, direction: 'up' | 'down'): number {
  const code = result.status === 'failed' ? ExitCode.stepFailed : result.status === 'blocked' ? ExitCode.blocked : ExitCode.ok;
  if (out.json) {
    out.data({ status: result.status, dryRun: result.dryRun, applied: result.applied, failure: result.failure ?? null, blockers: blockersOf(result.gate), planned: result.dryRun ? result.planned.map(planJson) : undefined, warnings: result.warnings });
    // Logs still go to stderr, so a pipeline that only shows stderr sees why it failed.
    if (result.failure) out.warn(failureLine(result.failure, direction));
    return code;
  }
  for (const warning of result.warnings) out.warn(`warning: ${warning}`);
  if (result.status === 'blocked') {
    printBlockers(out, result.gate);
    const verb = direction === 'up' ? 'applied' : 'rolled back';
    out.warn(result.applied.length === 0 ? `Nothing was ${verb}.` : `${result.applied.length} migration${result.applied.length === 1 ? ' was' : 's were'} ${verb}; stopped at the first blocked one.`);
    if (result.applied.length === 0) return code;
  }
  if (result.dryRun) {
    if (result.planned.length === 0) out.result(direction === 'up' ? 'Nothing to apply: the database is up to date.' : 'Nothing to roll back.');
    for (const p of result.planned) out.result(planText(p));
    return code;
  }
  if (result.failure) out.warn(failureLine(result.failure, direction));
  const verb = direction === 'up' ? 'applied' : 'rolled back';
  if (result.applied.length === 0 && !result.failure) out.result(direction === 'up' ? 'Nothing to apply: the database is up to date.' : 'Nothing to roll back.');
  else if (result.applied.length > 0) out.result(`${result.applied.length} migration${result.applied.length === 1 ? '' : 's'} ${verb}.`);
  return code;
}

export function blockersOf(gate: GateReport | undefined) {
  return (gate?.decisions ?? []).flatMap((d) => d.blockers).map((b) => ({ migration: b.migration, direction: b.direction, file: b.file, line: b.line, change: b.change, object: b.object, colour: b.colour, state: b.state, release: b.release, deployedAt: b.deployedAt?.toISOString() ?? null, message: b.message }));
}

export function printBlockers(out: CommandOutput, gate: GateReport | undefined): void {
  for (const blocker of blockersOf(gate)) out.warn(`blocked: ${blocker.message}`);
}

export function planJson(p: PlannedMigration) {
  return {
    id: p.migration.id,
    name: p.migration.name,
    direction: p.direction,
    steps: p.steps.map((s) => ({
      transactional: s.transactional,
      statements: s.statements.map((st) => ({
        file: st.file,
        line: st.line,
        column: st.column,
        sql: st.sql,
        kind: st.kind,
        effect: st.classification?.effect,
        objects: st.classification?.objects,
        lock: st.classification?.lock,
        rewrite: st.classification?.rewrite,
        scan: st.classification?.scan,
        notes: st.classification?.notes,
      })),
    })),
  };
}

export function planText(p: PlannedMigration): string {
  const lines = [`${p.migration.name} (${p.direction}, ${p.steps.length} step${p.steps.length === 1 ? '' : 's'})`];
  p.steps.forEach((step, i) => {
    lines.push(`  step ${i + 1}: ${step.transactional ? 'one transaction' : 'outside a transaction'}`);
    for (const st of step.statements) {
      const c = st.classification;
      const lock = c && c.lock.level !== 'none' ? `, ${c.lock.level} on ${c.lock.tables.join(', ')}` : '';
      const flags = c ? `${c.rewrite ? ', rewrites table' : ''}${c.scan ? ', scans table' : ''}` : '';
      lines.push(`    ${st.file}:${st.line}  ${c?.effect ?? '?'}${lock}${flags}  ${oneLine(st.sql)}`);
      for (const note of c?.notes ?? []) lines.push(`      note: ${note}`);
    }
  });
  return lines.join('\n');
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
}

export function failureLine(f: NonNullable<RunResult['failure']>, direction: 'up' | 'down'): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}${f.column ? `:${f.column}` : ''}: ` : '';
  const next = f.commitUnknown
    ? 'the connection was lost while committing; run safe-migrate status — the ledger tells whether it was applied'
    : f.step
      ? `step ${f.step.failed} of ${f.step.of} was rolled back; the steps before it stay committed (ledger: running); fix it and run ${direction} again to resume at step ${f.step.failed}`
      : `its transaction was rolled back; fix it and run ${direction} again (earlier migrations stay ${direction === 'up' ? 'applied' : 'rolled back'})`;
  return `safe-migrate: ${where}${f.message} — ${next}`;
}
