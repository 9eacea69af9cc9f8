import type { Command } from 'commander';
import { parseDuration } from '../../config/durations.js';
import { SafeMigrateError } from '../../errors.js';
import type { BackfillProgress, BackfillResult } from '../../runner/backfill.js';
import type { RunEvent } from '../../runner/index.js';
import { checkFormat, configFromFlags, positiveInt, withDatabaseOptions, type CommonFlags } from '../common.js';
import { ExitCode } from '../exit-codes.js';
import { progressPrinter } from '../print-run.js';
import { runCommand, type CommandOutput } from '../run-command.js';

/** 128 + SIGINT, what shells report for a command stopped by Ctrl-C. */
const INTERRUPTED = ExitCode.interrupted;
/** Plain progress lines (not a terminal, or --format json) at most this often. */
const LINE_EVERY_MS = 2000;
/** Redraws of the terminal progress bar at most this often. */
const BAR_EVERY_MS = 100;

interface BackfillFlags extends CommonFlags {
  set: string;
  where?: string;
  batchSize: number;
  pause: string;
  release?: string;
  overrideGate?: string;
}

export function defineBackfill(program: Command): void {
  withDatabaseOptions(
    program
      .command('backfill <table>')
      .description('fill a column of a table in primary-key-ordered batches, each its own short transaction; resumable; subject to the rollout ledger')
      .requiredOption('--set <assignment>', 'the column and its new value: "column = expression"')
      .option('--where <condition>', 'which rows to fill (default: "<column> IS NULL", so a rerun resumes)')
      .option('--batch-size <n>', 'rows per batch, each batch one transaction', positiveInt('--batch-size'), 1000)
      .option('--pause <duration>', 'pause between batches, so the application gets its turn', '50ms')
      .option('--release <id>', 'release id recorded in the audit log')
      .option('--override-gate <reason>', 'run although the rollout ledger blocks it; the reason and blockers are recorded in the audit log'),
  )
    .addHelpText('after', `\nExamples:\n  $ safe-migrate backfill public.deployments --set "environment = 'production'"\n  $ safe-migrate backfill orders --set "total = price * quantity" --batch-size 5000 --pause 10ms\n  $ safe-migrate backfill users --set "plan = 'free'" --where "plan IS NULL AND created_at < '2026-01-01'"\n\nCtrl-C stops after the current batch commits; run the same command again to resume.\n`)
    .action((table: string, flags: BackfillFlags) =>
      runCommand(flags, async (out) => {
        checkFormat(flags.format, ['text', 'json']);
        const pauseMs = parseDuration(flags.pause);
        if (pauseMs === undefined) throw new SafeMigrateError('usage', `--pause must be a duration, got "${flags.pause}"`, { hint: 'e.g. --pause 50ms, --pause 1s, --pause 0' });
        const config = await configFromFlags(flags);
        out.protect(config.database);
        const display = progressDisplay(out, Boolean(process.stderr.isTTY) && !out.json && !flags.quiet);
        const { createMigrator } = await import('../../runner/index.js');
        const migrator = createMigrator({ config, onEvent: display.event });
        const controller = new AbortController();
        const unlisten = stopOnSignals(controller, () => display.note('stopping after the current batch commits (Ctrl-C again to stop at once; that batch then rolls back)'));
        try {
          const result = await migrator.backfill({ table, set: flags.set, where: flags.where, batchSize: flags.batchSize, pauseMs, release: flags.release, overrideGate: flags.overrideGate, signal: controller.signal, onProgress: display.progress });
          display.end();
          return printResult(out, result);
        } finally {
          display.end();
          unlisten();
          await migrator.close();
        }
      }),
    );
}

/** First SIGINT/SIGTERM: finish the batch in flight, then stop. Second: exit now (the server rolls the batch back). */
function stopOnSignals(controller: AbortController, onFirst: () => void): () => void {
  const handler = () => {
    if (controller.signal.aborted) process.exit(INTERRUPTED);
    onFirst();
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

interface Display {
  progress(p: BackfillProgress): void;
  event(e: RunEvent): void;
  note(line: string): void;
  end(): void;
}

/** A bar redrawn in place on a terminal; plain lines every ~2 s otherwise. */
function progressDisplay(out: CommandOutput, tty: boolean): Display {
  const printEvent = progressPrinter(out);
  let bar = '';
  let lastDraw = 0;
  const clear = () => bar && process.stderr.write('\r\x1b[2K');
  const redraw = () => bar && process.stderr.write(bar);
  const around = (print: () => void) => {
    clear();
    print();
    redraw();
  };
  return {
    progress(p) {
      const now = Date.now();
      if (now - lastDraw < (tty ? BAR_EVERY_MS : LINE_EVERY_MS)) return;
      lastDraw = now;
      if (!tty) return out.info(`backfill ${p.target}: ${progressLine(p)}`);
      clear();
      bar = barLine(out, p);
      redraw();
    },
    event: (e) => around(() => printEvent(e)),
    note: (line) => around(() => out.info(line)),
    end() {
      clear();
      bar = '';
    },
  };
}

function barLine(out: CommandOutput, p: BackfillProgress): string {
  const width = 24;
  const fraction = p.estimate > 0 ? Math.min(1, p.rows / p.estimate) : 0;
  const filled = Math.round(fraction * width);
  const text = progressLine(p);
  const columns = process.stderr.columns || 80;
  // Never wrap: a wrapped line cannot be redrawn in place. Narrow terminals get the numbers only.
  if (columns < text.length + width + 2) return text.slice(0, columns - 1);
  return `${out.tint('█'.repeat(filled), 'green')}${out.tint('░'.repeat(width - filled), 'dim')} ${text}`;
}

function progressLine(p: BackfillProgress): string {
  const approx = p.estimateKind === 'planner' ? '~' : '';
  const percent = p.estimate > 0 ? ` (${Math.floor((100 * p.rows) / p.estimate)}%)` : '';
  const eta = p.etaSeconds === undefined ? '' : `, ETA ${duration(p.etaSeconds)}`;
  return `${n(p.rows)} / ${approx}${n(p.estimate)} rows${percent}, ${n(p.rowsPerSecond)} rows/s${eta}`;
}

function printResult(out: CommandOutput, result: BackfillResult): number {
  const code = exitCode(result);
  if (out.json) {
    out.data(summaryJson(result));
    if (result.status === 'interrupted') out.warn(interruptedLine(result));
    return code;
  }
  for (const warning of result.warnings) out.warn(`warning: ${warning}`);
  if (result.status === 'blocked') {
    for (const b of result.blockers ?? []) out.warn(`blocked: ${b.message}`);
    out.warn('Nothing was backfilled.');
    return code;
  }
  if (result.status === 'failed') {
    const f = result.failure!;
    out.warn(`safe-migrate: backfill of ${result.target} failed in batch ${f.batch}${f.afterKey ? ` (after key ${JSON.stringify(f.afterKey)})` : ''}: ${f.message} — that batch was rolled back and the ${n(result.rows)} rows before it stay done; fix the expression and run again`);
    return code;
  }
  if (result.status === 'interrupted') {
    out.warn(interruptedLine(result));
    return code;
  }
  if (result.rowsTotal === 0) {
    out.result(`Nothing to backfill: no row of ${result.target.split('.').slice(0, -1).join('.')} matches the condition.`);
    return code;
  }
  const earlier = result.rowsTotal > result.rows ? `; ${n(result.rowsTotal)} rows with the earlier run(s)` : '';
  out.result(`backfilled ${n(result.rows)} rows of ${result.target} in ${result.seconds.toFixed(1)} s (${n(result.rowsPerSecond)} rows/s, ${n(result.batches)} batches, longest batch ${n(result.longestBatchMs)} ms)${earlier}.`);
  return code;
}

function interruptedLine(result: BackfillResult): string {
  return `interrupted after ${n(result.rows)} rows; run the same command again to resume`;
}

function exitCode(result: BackfillResult): number {
  switch (result.status) {
    case 'done':
      return ExitCode.ok;
    case 'blocked':
      return ExitCode.blocked;
    case 'failed':
      return ExitCode.stepFailed;
    case 'interrupted':
      return INTERRUPTED;
  }
}

function summaryJson(r: BackfillResult) {
  return {
    status: r.status,
    target: r.target,
    rows: r.rows,
    rowsTotal: r.rowsTotal,
    seconds: Number(r.seconds.toFixed(3)),
    rowsPerSecond: r.rowsPerSecond,
    batches: r.batches,
    longestBatchMs: r.longestBatchMs,
    start: r.start ?? null,
    blockers: (r.blockers ?? []).map((b) => ({ change: b.change, object: b.object, colour: b.colour, state: b.state, release: b.release, message: b.message })),
    warnings: r.warnings,
    failure: r.failure ?? null,
  };
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
