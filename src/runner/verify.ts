// Recovery of autocommit steps (spec §7.3). After a crash a `running` ledger row names the
// next step to run; if that step is an autocommit statement it may or may not have taken
// effect. What the catalog can tell, we verify; the rest stops and names `repair`.
import { quoteIdent, type Session } from '../db/index.js';
import type { EventSink } from './run-events.js';
import type { PlannedStatement } from './steps.js';

export type Verification = 'done' | 'rerun' | 'unverifiable';

/** Decides whether an interrupted autocommit statement is done, safe to run again, or needs a human. */
export async function verifyInterrupted(session: Session, statement: PlannedStatement): Promise<Verification> {
  const { kind, node } = statement.statement;
  if (kind === 'IndexStmt' && node.concurrent) {
    const name = indexName(statement);
    if (!name) return 'unverifiable';
    // An INVALID index is not dropped here: the step drops it itself before building it again,
    // under lock_timeout and with retries like every statement (cleanupInvalidIndex).
    return (await indexValidity(session, name)) === true ? 'done' : 'rerun';
  }
  if (kind === 'DropStmt' && node.removeType === 'OBJECT_INDEX') {
    // Done when every index it names is gone; otherwise running it again finishes the job
    // (a DROP INDEX CONCURRENTLY interrupted midway leaves the index, possibly invalid).
    const names = droppedIndexNames(node);
    if (names.length === 0) return 'unverifiable';
    const { rows } = await session.query<{ n: number }>(`SELECT count(*)::int AS n FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL`, [names]);
    return rows[0]?.n === 0 ? 'done' : 'rerun';
  }
  // Maintenance statements are idempotent: running them again is safe.
  if (kind === 'VacuumStmt' || kind === 'ReindexStmt' || kind === 'AlterSystemStmt') return 'rerun';
  return 'unverifiable';
}

/** `DROP INDEX [CONCURRENTLY] a, s.b` → quoted, qualified names as to_regclass reads them. */
function droppedIndexNames(node: Record<string, any>): string[] {
  return (node.objects ?? []).map((o: Record<string, any>) => ((o.List?.items ?? []) as Array<Record<string, any>>).map((i) => quoteIdent(String(i.String?.sval ?? ''))).join('.'));
}

/**
 * A failed or interrupted CREATE INDEX CONCURRENTLY leaves an INVALID index: remove it (I5) —
 * before building it (`before`: left by an interrupted run or an earlier attempt) or right
 * after a failure (`after`). The caller has set the session's lock_timeout.
 */
export async function cleanupInvalidIndex(session: Session, statement: PlannedStatement, onEvent: EventSink, when: 'before' | 'after'): Promise<void> {
  const { kind, node } = statement.statement;
  if (kind !== 'IndexStmt' || !node.concurrent) return;
  const name = indexName(statement);
  if (!name) return;
  if ((await indexValidity(session, name)) === false) {
    await session.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
    const message =
      when === 'before'
        ? `dropped invalid index ${name} left by an interrupted run or attempt; building it again`
        : `removed the invalid index ${name} left by the failed CREATE INDEX CONCURRENTLY`;
    onEvent({ type: 'warning', message });
  }
}

/** Whether a failed step left the INVALID index of its CREATE INDEX CONCURRENTLY behind (false when it cannot tell). */
export async function leftInvalidIndex(session: Session, step: { statements: PlannedStatement[] }): Promise<boolean> {
  const statement = step.statements[0];
  if (step.statements.length !== 1 || !statement || statement.statement.kind !== 'IndexStmt' || !statement.statement.node.concurrent) return false;
  const name = indexName(statement);
  return name ? (await indexValidity(session, name).catch(() => undefined)) === false : false;
}

/** Schema-qualified, quoted index name of a CREATE INDEX statement (indexes live in their table's schema). */
function indexName(statement: PlannedStatement): string | undefined {
  const node = statement.statement.node;
  if (!node.idxname) return undefined;
  const schema = node.relation?.schemaname;
  return schema ? `${quoteIdent(schema)}.${quoteIdent(node.idxname)}` : quoteIdent(node.idxname);
}

async function indexValidity(session: Session, quotedName: string): Promise<boolean | undefined> {
  const { rows } = await session.query<{ valid: boolean }>(`SELECT i.indisvalid AS valid FROM pg_index i WHERE i.indexrelid = to_regclass($1)`, [quotedName]);
  return rows[0]?.valid;
}
