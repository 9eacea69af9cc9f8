// Group commit for a run (docs/decisions.md, "Commits flushed once per run"). Each migration
// still commits in its own transaction with its ledger row, so a crash can only lose whole
// migrations, never half of one; but on PostgreSQL those commits skip the per-commit WAL fsync
// (SET LOCAL synchronous_commit = off), which is most of a small migration's cost. Before the
// run ends, one ordinary (synchronous) commit makes them all durable: WAL is flushed in order,
// so flushing this commit's record flushes every earlier one.
import { SafeMigrateError } from '../errors.js';
import { quoteIdent, type Session } from '../db/index.js';
import type { RunResult } from './result.js';

/**
 * One synchronous commit that writes WAL: a no-change update of the layout row (a new row
 * version, so a real commit record), under the session's own synchronous_commit setting.
 */
export async function flushCommits(session: Session, schema: string): Promise<void> {
  await session.query(`UPDATE ${quoteIdent(schema)}.meta SET value = value WHERE key = 'layout'`);
}

/**
 * Runs the migrations of a run (`work`), then flushes their commits. A run that already
 * failed keeps its own failure when the flush fails too (the lost connection is usually what
 * failed it, and the server flushes committed WAL by itself unless it crashed). A run that
 * succeeded but cannot be flushed fails: the server may have lost what it reported applied.
 */
export async function flushedRun(exec: { session: Session; schema: string; asyncCommit: boolean }, work: () => Promise<RunResult>): Promise<RunResult> {
  if (!exec.asyncCommit) return work();
  const { session, schema } = exec;
  let result: RunResult;
  try {
    result = await work();
  } catch (error) {
    if (!session.lost) await flushCommits(session, schema).catch(() => undefined);
    throw error;
  }
  try {
    await flushCommits(session, schema);
  } catch (error) {
    if (result.status === 'failed') return result;
    throw new SafeMigrateError('unavailable', `could not make the run's commits durable: ${(error as Error).message}`, {
      hint: 'the server may have lost the last migrations of this run; run safe-migrate status, then up again (lost migrations are applied again, each whole)',
    });
  }
  return result;
}

/**
 * Whether this run commits its migrations asynchronously and flushes once: on PostgreSQL servers
 * (PGlite runs in-process), unless flushEachMigration is set — and only when the role may write
 * the row the flush rewrites (a migrator that does not own the internal tables may lack it;
 * its run then simply waits for every commit). Call under the migration lock.
 */
export async function groupCommit(db: { kind: 'pg' | 'pglite' }, session: Session, config: { flushEachMigration: boolean; internalSchema: string }): Promise<boolean> {
  if (db.kind !== 'pg' || config.flushEachMigration) return false;
  const { rows } = await session.query<{ ok: boolean }>(`SELECT has_table_privilege($1, 'UPDATE') AS ok`, [`${quoteIdent(config.internalSchema)}.meta`]);
  return rows[0]?.ok === true;
}
