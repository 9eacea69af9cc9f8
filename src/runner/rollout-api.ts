// Rollout ledger operations with their IO (spec §6): deriving phases from the colour
// registry and persisting them (forward only), `rollout status`, `rollout deprecate`, and
// deprecation when a newly deployed manifest stops listing a column.
import { readColours, readDeprecations, uses, type Blocker, type Colour, type References } from '../colours/index.js';
import { inTransaction, type Session } from '../db/index.js';
import { SafeMigrateError } from '../errors.js';
import { checkRollouts, derive, markPhase, readRollouts, saveRollout, waitingFor, type Rollout } from '../rollouts/index.js';
import { writeEvent } from './events.js';
import { withMigrationLock } from './locked.js';
import type { MigratorContext } from './migrator.js';

export interface RolloutRow extends Rollout {
  /** What it waits for, e.g. "waiting for blue (idle, r0) to be redeployed with a release that writes it". */
  waitingFor: string;
}

/** Persists the phases the colour registry now implies. Call under the migration lock. */
export async function syncRollouts(ctx: MigratorContext, session: Session): Promise<void> {
  const { colours, deprecations, rollouts } = await readState(ctx, session);
  const now = new Date();
  for (const rollout of rollouts) {
    const next = derive(rollout, colours, deprecations, now);
    if (next.phase !== rollout.phase) await saveRollout(session, ctx.config.internalSchema, next);
  }
}

export async function rolloutStatus(ctx: MigratorContext): Promise<RolloutRow[]> {
  const session = await ctx.session();
  const { colours, deprecations, rollouts } = await readState(ctx, session);
  const now = new Date();
  return rollouts.map((r) => {
    const current = derive(r, colours, deprecations, now);
    return { ...current, waitingFor: waitingFor(current, colours, deprecations) };
  });
}

export async function deprecate(ctx: MigratorContext, object: string, reason?: string): Promise<void> {
  const parts = object.split('.');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new SafeMigrateError('usage', `"${object}" is not a column name`, { hint: 'use schema.table.column (or table.column in the default schema)' });
  }
  const qualified = parts.length === 2 ? `${ctx.config.defaultSchema}.${object}` : object;
  await withMigrationLock(ctx, async (session) => {
    await inTransaction(session, async () => {
      const [sql, params] = markPhase(ctx.config.internalSchema, qualified, 'remove-column', 'deprecated', { note: reason ?? 'safe-migrate rollout deprecate' });
      await session.query(sql, params);
      await writeEvent(session, ctx.config.internalSchema, { action: 'rollout-deprecate', target: qualified, reason: reason ?? null });
    });
    await syncRollouts(ctx, session);
  });
}

/**
 * Spec §6.3: a column becomes deprecated when a newly deployed colour's manifest stops listing
 * it — it was listed by that colour's previous manifest or another active colour's, still exists,
 * and is not an add-column rollout still on its way in.
 */
export async function deprecateUnlisted(ctx: MigratorContext, session: Session, deployed: Colour, before: readonly Colour[]): Promise<string[]> {
  if (!deployed.manifest) return [];
  const previous = before.filter((c) => c.manifest && (c.name === deployed.name || c.state !== 'empty')).map((c) => c.manifest!);
  const rollouts = new Map((await readRollouts(session, ctx.config.internalSchema)).map((r) => [r.object, r]));
  const existing = deployed.snapshot;
  const dropped: string[] = [];
  for (const column of listedColumns(previous)) {
    if (uses(deployed.manifest, column, 'column') || !existsIn(existing, column)) continue;
    const rollout = rollouts.get(column);
    if (rollout && (rollout.kind === 'add-column' ? rollout.phase !== 'enforced' : true)) continue;
    const [sql, params] = markPhase(ctx.config.internalSchema, column, 'remove-column', 'deprecated', { release: deployed.release, note: `${deployed.name}'s manifest for ${deployed.release} no longer lists it` });
    await session.query(sql, params);
    dropped.push(column);
  }
  return dropped;
}

function listedColumns(manifests: References[]): string[] {
  const columns = new Set<string>();
  for (const m of manifests) for (const [relation, list] of Object.entries(m.relations)) if (Array.isArray(list)) for (const c of list) columns.add(`${relation}.${c}`);
  return [...columns];
}

function existsIn(snapshot: References | null, column: string): boolean {
  return snapshot !== null && uses(snapshot, column, 'column');
}

async function readState(ctx: MigratorContext, session: Session) {
  const schema = ctx.config.internalSchema;
  return { colours: await readColours(session, schema, ctx.config.colours), deprecations: await readDeprecations(session, schema), rollouts: await readRollouts(session, schema) };
}

/**
 * The ledger's verdict on `safe-migrate backfill` of one column (spec §7.8): blocked while the
 * column's rollout is not dual-written. `column` is `schema.table.column`.
 */
export async function backfillVerdict(ctx: MigratorContext, session: Session, column: string): Promise<{ blockers: Blocker[]; warnings: string[] }> {
  const { colours, deprecations, rollouts } = await readState(ctx, session);
  const statement = { migration: 'backfill', direction: 'up' as const, file: 'safe-migrate backfill', line: 0, touches: [{ column, how: 'backfill' as const }] };
  const { blockers, warnings } = checkRollouts([statement], rollouts, colours, deprecations, new Date());
  return { blockers: blockers.map((b) => ({ ...b, message: b.message.replace('safe-migrate backfill:0 ', '') })), warnings };
}
