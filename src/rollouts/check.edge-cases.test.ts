// The rollout ledger's decision (spec §6.1): backfilling or enforcing a column before every live
// and idle colour writes it is blocked, naming the colour and why. Complements check.test.ts
// with every touch, phase and colour state, and with statements read from real SQL.
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyInOrder } from '../classify/index.js';
import type { Colour, References } from '../colours/types.js';
import { loadParser, parseSql } from '../sql/index.js';
import { checkRollouts, type LedgerStatement } from './check.js';
import { columnTouches, type ColumnTouch } from './detect.js';
import type { Phase, Rollout, RolloutKind } from './types.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const OWNER = 'public.deployments.owner';

function touch(how: ColumnTouch['how'], migration = '0009_enforce', more: Partial<LedgerStatement> = {}, column = OWNER): LedgerStatement {
  return { migration, direction: 'up', file: `migrations/${migration}.sql`, line: 4, touches: [{ column, how }], ...more };
}

function rollout(phase: Phase = 'expanded', kind: RolloutKind = 'add-column', expandSeq = 3): Rollout {
  return { object: OWNER, kind, phase, phases: { [phase]: { at: '2026-11-20T00:00:00.000Z' }, ...(kind === 'add-column' ? { expanded: { at: '2026-11-20T00:00:00.000Z', deploySeq: expandSeq } } : {}) }, migration: '0004_owner' };
}

function colour(name: string, state: Colour['state'], deploySeq: number, manifest: References | null = null): Colour {
  return { name, state, release: `r${deploySeq}`, deploySeq, deployedAt: new Date('2026-11-21T00:00:00Z'), manifest, snapshot: null };
}

const listing = (...columns: string[]): References => ({ relations: { 'public.deployments': columns }, functions: [], types: [] });
const who = (check: ReturnType<typeof checkRollouts>) => check.blockers.map((b) => `${b.colour}:${b.change}`);

/** Blue live and green idle, both deployed before the expand at sequence 3. */
const bothOld = () => [colour('blue', 'live', 2), colour('green', 'idle', 1)];
/** Both deployed after the expand. */
const bothNew = () => [colour('blue', 'live', 4), colour('green', 'idle', 5)];

describe('before dual-written: blocked, with the colour and the reason', () => {
  it.each([
    ['backfill', 'backfill of'],
    ['enforce', 'SET NOT NULL on'],
    ['restrict', 'NOT NULL check on'],
  ] as const)('a %s is blocked for each colour that does not write the column yet', (how, verb) => {
    const check = checkRollouts([touch(how)], [rollout()], bothOld(), [], NOW);
    expect(who(check)).toEqual([`blue:${verb} ${OWNER}`, `green:${verb} ${OWNER}`]);
    expect(check.vouched.size).toBe(0);
    expect(check.warnings).toEqual([]);
  });

  it.each([
    ['check', 'NOT NULL check on'],
    ['validate', 'VALIDATE of the NOT NULL check on'],
  ] as const)('an enforce written as a %s is named as such', (via, verb) => {
    const check = checkRollouts([touch('enforce', '0009_enforce', { touches: [{ column: OWNER, how: 'enforce', via }] })], [rollout()], bothOld(), [], NOW);
    expect(who(check)).toEqual([`blue:${verb} ${OWNER}`, `green:${verb} ${OWNER}`]);
  });

  it('the live colour is told to redeploy; the idle one may also be retired', () => {
    const [live, idle] = checkRollouts([touch('enforce')], [rollout()], bothOld(), [], NOW).blockers;
    expect(live!.message).toBe(
      `migrations/0009_enforce.sql:4 SET NOT NULL on ${OWNER} is blocked by the rollout ledger: blue (live, r2) was deployed before owner existed and does not write it; rows it writes would be NULL again. Redeploy blue with a release that writes owner, then run again.`,
    );
    expect(idle!.message).toMatch(/Redeploy green with a release that writes owner \(or retire green\), then run again\.$/);
  });

  it('a colour deployed after the expand whose manifest does not list the column is named with that reason', () => {
    const colours = [colour('blue', 'live', 4, listing('id', 'owner')), colour('green', 'idle', 5, listing('id'))];
    const check = checkRollouts([touch('backfill')], [rollout()], colours, [], NOW);
    expect(check.blockers).toHaveLength(1);
    expect(check.blockers[0]!.message).toContain('green (idle, r5) runs a release whose manifest does not list owner; rows it writes would be NULL again.');
  });

  it('a blocker carries where, what and who, like the colour gate', () => {
    const [blocker] = checkRollouts([touch('enforce', '0009_enforce', { direction: 'down', line: 12 })], [rollout()], [colour('blue', 'live', 2)], [], NOW).blockers;
    expect(blocker).toMatchObject({
      migration: '0009_enforce',
      direction: 'down',
      file: 'migrations/0009_enforce.sql',
      line: 12,
      change: `SET NOT NULL on ${OWNER}`,
      object: OWNER,
      colour: 'blue',
      state: 'live',
      release: 'r2',
      deployedAt: new Date('2026-11-21T00:00:00Z'),
    });
    expect(blocker!.message).toMatch(/^migrations\/0009_enforce\.sql:12 /);
  });

  it('a retired colour is not waited for', () => {
    const check = checkRollouts([touch('enforce')], [rollout()], [colour('blue', 'live', 4), colour('green', 'empty', 1)], [], NOW);
    expect(check.blockers).toEqual([]);
    expect([...check.vouched]).toEqual([OWNER]);
  });

  it('each touch of a statement is checked on its own', () => {
    const other = 'public.deployments.region';
    const statement: LedgerStatement = { ...touch('backfill'), touches: [{ column: OWNER, how: 'backfill' }, { column: other, how: 'backfill' }] };
    const otherRollout: Rollout = { ...rollout('dual-written'), object: other };
    const check = checkRollouts([statement], [rollout(), otherRollout], [colour('blue', 'live', 2)], [], NOW);
    expect(check.blockers.map((b) => b.object)).toEqual([OWNER]);
    expect([...check.vouched]).toEqual([other]);
  });
});

describe('dual-written or enforced: vouched', () => {
  it.each(['dual-written', 'enforced'] as const)('a rollout already %s is vouched for, whatever the colours now say', (phase) => {
    const check = checkRollouts([touch('enforce'), touch('backfill'), touch('restrict')], [rollout(phase)], bothOld(), [], NOW);
    expect(check).toEqual({ blockers: [], warnings: [], vouched: new Set([OWNER]) });
  });

  it('an expanded rollout whose colours were all redeployed since is derived dual-written on the spot', () => {
    expect(checkRollouts([touch('enforce')], [rollout()], bothNew(), [], NOW)).toEqual({ blockers: [], warnings: [], vouched: new Set([OWNER]) });
  });

  it('a vouched column is not also warned about when no colour is registered', () => {
    expect(checkRollouts([touch('enforce')], [rollout('dual-written')], [], [], NOW)).toEqual({ blockers: [], warnings: [], vouched: new Set([OWNER]) });
  });
});

describe('added in the same run', () => {
  it('enforcing a column added earlier in the run is blocked for every active colour, with the way out', () => {
    const check = checkRollouts([touch('add', '0008_add'), touch('enforce', '0009_enforce')], [], bothNew(), [], NOW);
    expect(who(check)).toEqual([`blue:SET NOT NULL on ${OWNER}`, `green:SET NOT NULL on ${OWNER}`]);
    expect(check.blockers[0]!.message).toBe(
      `migrations/0009_enforce.sql:4 SET NOT NULL on ${OWNER} is blocked by the rollout ledger: ${OWNER} is added by 0008_add in this same run, so no deployed colour writes it yet — blue (live, r4) would keep writing NULLs. Apply 0008_add in one release, deploy a release that writes owner to both colours, then enforce in a later release.`,
    );
  });

  it('adding and enforcing in the same migration is blocked too', () => {
    const statement: LedgerStatement = { ...touch('add', '0008_add'), touches: [{ column: OWNER, how: 'add' }, { column: OWNER, how: 'enforce' }] };
    expect(checkRollouts([statement], [], [colour('blue', 'live', 4)], [], NOW).blockers.map((b) => b.migration)).toEqual(['0008_add']);
  });

  it('a restrict after the add is told to enforce later', () => {
    const check = checkRollouts([touch('add', '0008_add'), touch('restrict')], [], [colour('blue', 'live', 4)], [], NOW);
    expect(check.blockers[0]!.message).toMatch(/NOT NULL check on public\.deployments\.owner is blocked .* then enforce in a later release\.$/);
  });

  it('a column added by a rollback (down) does not count as added in the run', () => {
    const check = checkRollouts([touch('add', '0010_drop_owner', { direction: 'down' }), touch('backfill')], [], [colour('blue', 'live', 4)], [], NOW);
    expect(check.blockers).toEqual([]);
  });

  it('an add only counts for statements after it', () => {
    const check = checkRollouts([touch('backfill'), touch('add', '0010_add')], [], [colour('blue', 'live', 4)], [], NOW);
    expect(check.blockers).toEqual([]);
  });

  it('an add of another column does not block this one', () => {
    const check = checkRollouts([touch('add', '0008_add', {}, 'public.deployments.region'), touch('backfill')], [], [colour('blue', 'live', 4)], [], NOW);
    expect(check).toEqual({ blockers: [], warnings: [], vouched: new Set() });
  });

  it('with no colour registered, it warns instead', () => {
    const check = checkRollouts([touch('add', '0008_add'), touch('backfill')], [], [colour('blue', 'empty', 1)], [], NOW);
    expect(check.blockers).toEqual([]);
    expect(check.warnings).toEqual([`migrations/0009_enforce.sql:4 backfill of ${OWNER} runs without a rollout check: no colour is registered`]);
  });
});

describe('not the ledger\'s business', () => {
  it('an UPDATE or SET NOT NULL of a column with no rollout, not added in the run, passes silently', () => {
    expect(checkRollouts([touch('backfill'), touch('enforce')], [], bothOld(), [], NOW)).toEqual({ blockers: [], warnings: [], vouched: new Set() });
    expect(checkRollouts([touch('backfill')], [], [], [], NOW)).toEqual({ blockers: [], warnings: [], vouched: new Set() });
  });

  it('a rollout of another column does not cover this one', () => {
    const check = checkRollouts([touch('enforce', '0009', {}, 'public.deployments.region')], [rollout()], bothOld(), [], NOW);
    expect(check).toEqual({ blockers: [], warnings: [], vouched: new Set() });
  });

  it.each(['deprecated', 'unreferenced'] as const)('a removal rollout (%s) neither blocks nor vouches', (phase) => {
    const check = checkRollouts([touch('backfill'), touch('enforce')], [rollout(phase, 'remove-column')], bothOld(), [], NOW);
    expect(check).toEqual({ blockers: [], warnings: [], vouched: new Set() });
  });

  it('adds and drops are never blocked', () => {
    expect(checkRollouts([touch('add'), touch('drop')], [rollout()], bothOld(), [], NOW)).toEqual({ blockers: [], warnings: [], vouched: new Set() });
  });

  it('no statements, no verdicts', () => {
    expect(checkRollouts([], [rollout()], bothOld(), [], NOW)).toEqual({ blockers: [], warnings: [], vouched: new Set() });
  });
});

describe('from real SQL, as planMigrations and gate-check build it', () => {
  beforeAll(() => loadParser());

  /** One migration section's ledger statements, the way runner/gate-check.ts builds them. */
  function migration(name: string, sql: string, direction: 'up' | 'down' = 'up'): LedgerStatement[] {
    const { statements } = parseSql(sql, { firstLine: 2 });
    const { classifications } = classifyInOrder(statements, { defaultSchema: 'public' });
    const checks = new Map<string, string>();
    return statements
      .map((s, i) => ({ migration: name, direction, file: `migrations/${name}.sql`, line: s.line, touches: columnTouches(s, classifications[i], 'public', checks) }))
      .filter((s) => s.touches.length > 0);
  }

  it('release 3 of the three-release rollout is blocked while green still runs the release before the expand', () => {
    const sql = "UPDATE deployments SET owner = 'ops' WHERE owner IS NULL;\nALTER TABLE deployments ALTER COLUMN owner SET NOT NULL;";
    const check = checkRollouts(migration('0009_owner_required', sql), [rollout()], [colour('blue', 'live', 4), colour('green', 'idle', 2)], [], NOW);
    expect(check.blockers.map((b) => [b.line, b.colour, b.change])).toEqual([
      [2, 'green', `backfill of ${OWNER}`],
      [3, 'green', `SET NOT NULL on ${OWNER}`],
    ]);
  });

  it('and runs once green was redeployed after the expand', () => {
    const sql = "UPDATE deployments SET owner = 'ops' WHERE owner IS NULL;\nALTER TABLE deployments ALTER COLUMN owner SET NOT NULL;";
    const check = checkRollouts(migration('0009_owner_required', sql), [rollout()], bothNew(), [], NOW);
    expect(check).toEqual({ blockers: [], warnings: [], vouched: new Set([OWNER]) });
  });

  it('expand, backfill and enforce squeezed into one pending set are blocked at the backfill and the enforce', () => {
    const statements = [
      ...migration('0008_add_owner', 'ALTER TABLE deployments ADD COLUMN owner text;'),
      ...migration('0009_owner_required', "UPDATE deployments SET owner = 'ops';\nALTER TABLE deployments ADD CONSTRAINT owner_nn CHECK (owner IS NOT NULL) NOT VALID;"),
    ];
    const check = checkRollouts(statements, [], [colour('blue', 'live', 4)], [], NOW);
    expect(check.blockers.map((b) => [b.migration, b.line, b.change])).toEqual([
      ['0009_owner_required', 2, `backfill of ${OWNER}`],
      ['0009_owner_required', 3, `NOT NULL check on ${OWNER}`],
    ]);
  });
});
