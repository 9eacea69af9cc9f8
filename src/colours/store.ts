// The colour registry (spec §5.1) in <schema>.colours. Every change runs in one transaction
// with its audit event, under the migration lock (so `up` re-checks the gate against it).
import { inTransaction, quoteIdent, readLayoutVersion, type Session } from '../db/index.js';
import { SafeMigrateError } from '../errors.js';
import { eventInsert } from '../runner/events.js';
import type { Colour, Deprecation, References } from './types.js';

/** `layoutKnown`: the caller already checked that the internal tables exist (saves two round trips). */
export async function readColours(session: Session, schema: string, names: readonly string[], layoutKnown = false): Promise<Colour[]> {
  const stored = !layoutKnown && (await readLayoutVersion(session, schema)) === undefined ? [] : await readRows(session, schema);
  // Configured colours that were never deployed are `empty`.
  return names.map((name) => stored.find((c) => c.name === name) ?? emptyColour(name)).concat(stored.filter((c) => !names.includes(c.name)));
}

async function readRows(session: Session, schema: string): Promise<Colour[]> {
  const { rows } = await session.query<Record<string, any>>(`SELECT name, state, release, deploy_seq, deployed_at, manifest, schema_snapshot FROM ${quoteIdent(schema)}.colours ORDER BY name`);
  return rows.map((r) => ({
    name: r.name,
    state: r.state,
    release: r.release,
    deploySeq: r.deploy_seq === null ? null : Number(r.deploy_seq),
    deployedAt: r.deployed_at ? new Date(r.deployed_at) : null,
    manifest: r.manifest,
    snapshot: r.schema_snapshot,
  }));
}

function emptyColour(name: string): Colour {
  return { name, state: 'empty', release: null, deploySeq: null, deployedAt: null, manifest: null, snapshot: null };
}

export interface DeployInput {
  colour: string;
  release: string;
  manifest: References | null;
  snapshot: References;
  reason?: string;
}

export async function deployColour(session: Session, schema: string, input: DeployInput, current: Colour[]): Promise<Colour> {
  const existing = current.find((c) => c.name === input.colour);
  if (existing?.state === 'live') {
    throw new SafeMigrateError('usage', `cannot deploy into ${input.colour}: it is live`, {
      hint: `deploy into the idle colour (${current.filter((c) => c.state !== 'live').map((c) => c.name).join(', ') || 'none'}) and switch to it`,
    });
  }
  const s = quoteIdent(schema);
  return inTransaction(session, async () => {
    const { rows } = await session.query<{ seq: string; at: Date }>(
      `INSERT INTO ${s}.colours (name, state, release, deploy_seq, deployed_at, manifest, schema_snapshot)
       VALUES ($1, 'idle', $2, nextval($5::regclass), now(), $3, $4)
       ON CONFLICT (name) DO UPDATE SET state = 'idle', release = EXCLUDED.release, deploy_seq = EXCLUDED.deploy_seq, deployed_at = EXCLUDED.deployed_at,
         manifest = EXCLUDED.manifest, schema_snapshot = EXCLUDED.schema_snapshot
       RETURNING deploy_seq AS seq, deployed_at AS at`,
      [input.colour, input.release, input.manifest === null ? null : JSON.stringify(input.manifest), JSON.stringify(input.snapshot), `${s}.deploy_seq`],
    );
    const [sql, params] = eventInsert(schema, { action: 'colour-deploy', target: input.colour, release: input.release, reason: input.reason ?? null, details: { deploySeq: Number(rows[0]!.seq), manifest: input.manifest !== null } });
    await session.query(sql, params);
    return { name: input.colour, state: 'idle', release: input.release, deploySeq: Number(rows[0]!.seq), deployedAt: new Date(rows[0]!.at), manifest: input.manifest, snapshot: input.snapshot };
  });
}

export async function switchColour(session: Session, schema: string, colour: string, current: Colour[]): Promise<{ live: string; idle: string | undefined }> {
  const target = current.find((c) => c.name === colour);
  if (!target || target.state === 'empty') {
    throw new SafeMigrateError('usage', `cannot switch to ${colour}: nothing is deployed there`, { hint: `deploy a release first: safe-migrate colour deploy ${colour} --release <id>` });
  }
  const previous = current.find((c) => c.state === 'live' && c.name !== colour);
  if (target.state === 'live') return { live: colour, idle: previous?.name };
  const s = quoteIdent(schema);
  return inTransaction(session, async () => {
    await session.query(`UPDATE ${s}.colours SET state = 'idle' WHERE state = 'live'`);
    await session.query(`UPDATE ${s}.colours SET state = 'live' WHERE name = $1`, [colour]);
    const [sql, params] = eventInsert(schema, { action: 'colour-switch', target: colour, release: target.release, details: { previousLive: previous?.name ?? null } });
    await session.query(sql, params);
    return { live: colour, idle: previous?.name };
  });
}

export async function retireColour(session: Session, schema: string, colour: string, current: Colour[], reason?: string): Promise<void> {
  const target = current.find((c) => c.name === colour);
  if (target?.state === 'live') {
    throw new SafeMigrateError('usage', `cannot retire ${colour}: it is live`, { hint: 'switch traffic to the other colour first (safe-migrate colour switch <colour>)' });
  }
  const s = quoteIdent(schema);
  await inTransaction(session, async () => {
    await session.query(
      `INSERT INTO ${s}.colours (name, state) VALUES ($1, 'empty')
       ON CONFLICT (name) DO UPDATE SET state = 'empty', release = NULL, manifest = NULL, schema_snapshot = NULL`,
      [colour],
    );
    const [sql, params] = eventInsert(schema, { action: 'colour-retire', target: colour, release: target?.release ?? null, reason: reason ?? null });
    await session.query(sql, params);
  });
}

/** Objects declared unused (rollouts in phase deprecated or later), with when that happened. */
export async function readDeprecations(session: Session, schema: string, layoutKnown = false): Promise<Deprecation[]> {
  if (!layoutKnown && (await readLayoutVersion(session, schema)) === undefined) return [];
  const { rows } = await session.query<{ object: string; at: string }>(
    `SELECT object, phases -> 'deprecated' ->> 'at' AS at FROM ${quoteIdent(schema)}.rollouts WHERE phases ? 'deprecated'`,
  );
  return rows.filter((r) => r.at).map((r) => ({ object: r.object, at: new Date(r.at) }));
}
