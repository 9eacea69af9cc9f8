// The rollout ledger's decision (spec §6.1), pure: enforcing or backfilling a column is
// allowed only once every live and idle colour writes it.
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyInOrder } from '../classify/index.js';
import type { Colour } from '../colours/types.js';
import { loadParser, parseSql } from '../sql/index.js';
import { checkRollouts, type LedgerStatement } from './check.js';
import { columnTouches, type ColumnTouch } from './detect.js';
import type { Rollout } from './types.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const OWNER = 'public.deployments.owner';

function statement(how: ColumnTouch['how'], migration = '0006_enforce', column = OWNER): LedgerStatement {
  return { migration, direction: 'up', file: `migrations/${migration}.sql`, line: 2, touches: [{ column, how }] };
}

function expanded(expandSeq = 3): Rollout {
  return { object: OWNER, kind: 'add-column', phase: 'expanded', phases: { expanded: { at: '2026-11-20T00:00:00.000Z', deploySeq: expandSeq } }, migration: '0004' };
}

const colour = (name: string, state: Colour['state'], deploySeq: number): Colour => ({ name, state, release: `r${deploySeq}`, deploySeq, deployedAt: new Date(NOW), manifest: null, snapshot: null });

describe('checkRollouts', () => {
  it('blocks SET NOT NULL while the idle colour predates the column, naming it and the way out', () => {
    const check = checkRollouts([statement('enforce')], [expanded()], [colour('blue', 'live', 4), colour('green', 'idle', 2)], [], NOW);
    expect(check.blockers.map((b) => [b.colour, b.change])).toEqual([['green', `SET NOT NULL on ${OWNER}`]]);
    expect(check.blockers[0]!.message).toBe(
      `migrations/0006_enforce.sql:2 SET NOT NULL on ${OWNER} is blocked by the rollout ledger: green (idle, r2) was deployed before owner existed and does not write it; rows it writes would be NULL again. Redeploy green with a release that writes owner (or retire green), then run again.`,
    );
    expect(check.vouched.size).toBe(0);
  });

  it('vouches for the enforcement once both colours were deployed after the expand (dual-written)', () => {
    const check = checkRollouts([statement('enforce'), statement('backfill'), statement('restrict')], [expanded()], [colour('blue', 'live', 4), colour('green', 'idle', 5)], [], NOW);
    expect(check.blockers).toEqual([]);
    expect([...check.vouched]).toEqual([OWNER]);
  });

  it('a column added earlier in the same run cannot be backfilled or enforced in it', () => {
    const check = checkRollouts([statement('add', '0005_add'), statement('backfill', '0006_fill')], [], [colour('blue', 'live', 4)], [], NOW);
    expect(check.blockers).toHaveLength(1);
    expect(check.blockers[0]!.message).toMatch(/backfill of public\.deployments\.owner is blocked by the rollout ledger: .* is added by 0005_add in this same run/);
    expect(check.blockers[0]!.message).toMatch(/then backfill in a later release\.$/);
  });

  it('with no colour registered it warns instead of blocking; a column with no rollout is not its business', () => {
    const warned = checkRollouts([statement('enforce')], [expanded()], [], [], NOW);
    expect(warned.blockers).toEqual([]);
    expect(warned.warnings).toEqual([`migrations/0006_enforce.sql:2 SET NOT NULL on ${OWNER} runs without a rollout check: no colour is registered`]);
    expect(checkRollouts([statement('enforce', '0006', 'public.other.c')], [], [colour('blue', 'live', 4)], [], NOW)).toEqual({ blockers: [], warnings: [], vouched: new Set() });
  });
});

describe('columnTouches', () => {
  beforeAll(() => loadParser());

  function touches(sql: string): ColumnTouch[] {
    const { statements } = parseSql(sql);
    const { classifications } = classifyInOrder(statements, { defaultSchema: 'public' });
    const checks = new Map<string, string>();
    return statements.flatMap((s, i) => columnTouches(s, classifications[i], 'public', checks));
  }

  it('reads adds, drops, backfills and enforcements from real SQL', () => {
    expect(touches('ALTER TABLE deployments ADD COLUMN owner text;')).toEqual([{ column: OWNER, how: 'add' }]);
    expect(touches('ALTER TABLE deployments DROP COLUMN owner;')).toEqual([{ column: OWNER, how: 'drop' }]);
    expect(touches("UPDATE deployments SET owner = 'ops' WHERE owner IS NULL;")).toEqual([{ column: OWNER, how: 'backfill' }]);
    expect(touches('ALTER TABLE deployments ALTER COLUMN owner SET NOT NULL;')).toEqual([{ column: OWNER, how: 'enforce' }]);
  });

  it('a NOT VALID CHECK (c IS NOT NULL) restricts; validating it enforces', () => {
    expect(touches('ALTER TABLE deployments ADD CONSTRAINT owner_nn CHECK (owner IS NOT NULL) NOT VALID;')).toEqual([{ column: OWNER, how: 'restrict' }]);
    expect(touches('ALTER TABLE deployments ADD CONSTRAINT owner_nn CHECK (owner IS NOT NULL) NOT VALID;\nALTER TABLE deployments VALIDATE CONSTRAINT owner_nn;')).toEqual([
      { column: OWNER, how: 'restrict' },
      { column: OWNER, how: 'enforce', via: 'validate' },
    ]);
  });
});
