// The rollout ledger's storage, <schema>.rollouts. Writes are SQL + params so the runner can
// put them in the same transaction as the migration that causes them (no phase without its
// DDL, no DDL without its phase: I6).
import { quoteIdent, readLayoutVersion, type Session } from '../db/index.js';
import type { Phase, PhaseMark, Rollout, RolloutKind } from './types.js';

export type Write = [string, unknown[]];

export async function readRollouts(session: Session, schema: string, layoutKnown = false): Promise<Rollout[]> {
  if (!layoutKnown && (await readLayoutVersion(session, schema)) === undefined) return [];
  const { rows } = await session.query<Record<string, any>>(`SELECT object, kind, phase, phases, migration FROM ${quoteIdent(schema)}.rollouts ORDER BY object`);
  return rows.map((r) => ({ object: r.object, kind: r.kind, phase: r.phase, phases: r.phases ?? {}, migration: r.migration }));
}

/** Opens an add-column rollout (phase expanded) stamped with the current deploy sequence. */
export function openExpand(schema: string, object: string, migration: string, release: string | null): Write {
  const s = quoteIdent(schema);
  return [
    `INSERT INTO ${s}.rollouts (object, kind, phase, phases, migration)
     VALUES ($1, 'add-column', 'expanded',
       jsonb_build_object('expanded', jsonb_build_object('at', now(), 'migration', $2::text, 'release', $3::text,
         'deploySeq', (SELECT coalesce(max(deploy_seq), 0) FROM ${s}.colours))), $2)
     ON CONFLICT (object) DO UPDATE SET kind = 'add-column', phase = 'expanded', phases = EXCLUDED.phases, migration = EXCLUDED.migration, updated_at = now()`,
    [object, migration, release],
  ];
}

/** Records that the DDL of a phase ran (enforced, dropped), creating the row when there is none. */
export function markPhase(schema: string, object: string, kind: RolloutKind, phase: Phase, mark: Omit<PhaseMark, 'at'>): Write {
  const s = quoteIdent(schema);
  return [
    `INSERT INTO ${s}.rollouts (object, kind, phase, phases, migration)
     VALUES ($1, $2, $3, jsonb_build_object($3::text, $4::jsonb || jsonb_build_object('at', now())), $5)
     ON CONFLICT (object) DO UPDATE SET phase = $3, kind = CASE WHEN $3 IN ('deprecated', 'dropped') THEN $2 ELSE ${s}.rollouts.kind END,
       phases = ${s}.rollouts.phases || jsonb_build_object($3::text, $4::jsonb || jsonb_build_object('at', now())), updated_at = now()`,
    [object, kind, phase, JSON.stringify(mark), mark.migration ?? null],
  ];
}

/** Rolling back the migration that opened a rollout: the expand never happened. */
export function forgetExpand(schema: string, object: string, migration: string): Write {
  return [`DELETE FROM ${quoteIdent(schema)}.rollouts WHERE object = $1 AND kind = 'add-column' AND migration = $2`, [object, migration]];
}

/** Persists a rollout whose phase was derived from the colour registry. */
export async function saveRollout(session: Session, schema: string, rollout: Rollout): Promise<void> {
  await session.query(`UPDATE ${quoteIdent(schema)}.rollouts SET phase = $2, phases = $3, updated_at = now() WHERE object = $1`, [rollout.object, rollout.phase, JSON.stringify(rollout.phases)]);
}
