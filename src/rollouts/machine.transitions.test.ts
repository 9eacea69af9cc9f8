// The rollout state machine (spec §6, invariant I6): every transition it allows and every one it
// refuses, and what the colour registry derives. Complements machine.test.ts.
import { describe, expect, it } from 'vitest';
import type { Colour, References } from '../colours/types.js';
import { activeColours, advance, coloursNotWriting, coloursReferencing, derive, waitingFor } from './machine.js';
import { ADD_PHASES, REMOVE_PHASES, type Phase, type Rollout, type RolloutKind } from './types.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const ALL_PHASES: readonly Phase[] = [...ADD_PHASES, ...REMOVE_PHASES];

function rollout(kind: RolloutKind, phase: Phase, more: Partial<Rollout> = {}): Rollout {
  const object = kind === 'remove-relation' ? 'public.legacy' : 'public.deployments.owner';
  return { object, kind, phase, phases: { [phase]: { at: '2026-11-20T00:00:00.000Z' } }, migration: '0004_owner', ...more };
}

/** An add-column rollout expanded at deploy sequence `expandSeq`. */
function expanded(expandSeq: number | null = 3): Rollout {
  return { object: 'public.deployments.owner', kind: 'add-column', phase: 'expanded', phases: { expanded: { at: '2026-11-20T00:00:00.000Z', migration: '0004_owner', deploySeq: expandSeq } }, migration: '0004_owner' };
}

function deprecated(kind: 'remove-column' | 'remove-relation' = 'remove-column'): Rollout {
  return rollout(kind, 'deprecated', { phases: { deprecated: { at: '2026-11-20T00:00:00.000Z' } } });
}

/** Colour deployed at `deploySeq`, on day `deploySeq` of November 2026. */
function colour(name: string, state: Colour['state'], deploySeq: number, more: Partial<Colour> = {}): Colour {
  return { name, state, release: `r${deploySeq}`, deploySeq, deployedAt: new Date(Date.UTC(2026, 10, deploySeq)), manifest: null, snapshot: null, ...more };
}

const listing = (relations: References['relations']): References => ({ relations, functions: [], types: [] });

describe('advance: every transition', () => {
  const allowed = new Set(['expanded→dual-written', 'expanded→enforced', 'dual-written→enforced', 'deprecated→unreferenced', 'deprecated→dropped', 'unreferenced→dropped']);
  const cases: Array<[RolloutKind, Phase, Phase, boolean]> = [];
  for (const kind of ['add-column', 'remove-column', 'remove-relation'] as const) {
    for (const from of kind === 'add-column' ? ADD_PHASES : REMOVE_PHASES) {
      for (const to of ALL_PHASES) cases.push([kind, from, to, allowed.has(`${from}→${to}`)]);
    }
  }

  it('allows three forward moves per kind (9) and refuses the other 45 pairs', () => {
    expect(cases.filter((c) => c[3])).toHaveLength(9);
    expect(cases.filter((c) => !c[3])).toHaveLength(45);
  });

  it.each(cases.filter((c) => c[3]))('%s: %s → %s is allowed, recording the new mark and keeping the earlier ones', (kind, from, to) => {
    const before = rollout(kind, from);
    const mark = { at: '2026-11-23T12:00:00.000Z', release: 'r7', note: 'why' };
    const after = advance(before, to, mark);
    expect(after.phase).toBe(to);
    expect(after.phases).toEqual({ [from]: before.phases[from], [to]: mark });
    expect(after).toMatchObject({ object: before.object, kind, migration: before.migration });
  });

  it.each(cases.filter((c) => !c[3]))('%s: %s → %s is refused: the same rollout comes back unchanged', (kind, from, to) => {
    const before = rollout(kind, from);
    const copy = structuredClone(before);
    expect(advance(before, to, { at: 'later' })).toBe(before);
    expect(before).toEqual(copy);
  });

  it('an allowed move never changes the rollout it was given', () => {
    const before = expanded();
    const copy = structuredClone(before);
    advance(before, 'dual-written', { at: 'later' });
    expect(before).toEqual(copy);
  });

  it('skipping a phase (enforced straight from expanded, after an override) leaves the skipped phase unmarked', () => {
    const after = advance(expanded(), 'enforced', { at: 'later' });
    expect(after.phase).toBe('enforced');
    expect(Object.keys(after.phases)).toEqual(['expanded', 'enforced']);
  });
});

describe('activeColours', () => {
  it('keeps live and idle colours, in order, and leaves out empty ones', () => {
    const colours = [colour('blue', 'idle', 1), colour('green', 'empty', 2), colour('canary', 'live', 3)];
    expect(activeColours(colours).map((c) => c.name)).toEqual(['blue', 'canary']);
  });
});

describe('coloursNotWriting', () => {
  it('names every active colour deployed at or before the expand, with the reason', () => {
    const missing = coloursNotWriting(expanded(3), [colour('blue', 'live', 3), colour('green', 'idle', 1), colour('red', 'empty', 0)]);
    expect(missing.map((m) => [m.colour.name, m.reason])).toEqual([
      ['blue', 'was deployed before owner existed and does not write it'],
      ['green', 'was deployed before owner existed and does not write it'],
    ]);
  });

  it('a manifest deployed after the expand must list the column, by name or with "*"', () => {
    const colours = [colour('blue', 'live', 4, { manifest: listing({ 'public.deployments': '*' }) }), colour('green', 'idle', 5, { manifest: listing({ 'public.deployments': ['id'] }) })];
    expect(coloursNotWriting(expanded(3), colours).map((m) => [m.colour.name, m.reason])).toEqual([['green', 'runs a release whose manifest does not list owner']]);
  });

  it('a manifest listing the same column of another schema does not count', () => {
    expect(coloursNotWriting(expanded(3), [colour('blue', 'live', 4, { manifest: listing({ 'app.deployments': ['owner'] }) })])).toHaveLength(1);
  });

  it('a manifest that lists the column does not help a colour deployed before the expand', () => {
    const missing = coloursNotWriting(expanded(3), [colour('blue', 'live', 2, { manifest: listing({ 'public.deployments': ['owner'] }) })]);
    expect(missing[0]!.reason).toBe('was deployed before owner existed and does not write it');
  });

  it('with no expand sequence recorded (no colour existed then), every deployed colour writes it', () => {
    expect(coloursNotWriting(expanded(null), [colour('blue', 'live', 1), colour('green', 'idle', 2)])).toEqual([]);
  });
});

describe('derive: expanded → dual-written', () => {
  it('a colour deployed at exactly the expand sequence was deployed before the column existed', () => {
    expect(derive(expanded(4), [colour('blue', 'live', 4), colour('green', 'idle', 5)], [], NOW).phase).toBe('expanded');
  });

  it('the dual-written mark is taken from the most recently deployed active colour, not a retired one', () => {
    const next = derive(expanded(3), [colour('blue', 'live', 5), colour('green', 'idle', 4), colour('red', 'empty', 9)], [], NOW);
    expect(next.phase).toBe('dual-written');
    expect(next.phases['dual-written']).toMatchObject({ at: NOW.toISOString(), release: 'r5', deploySeq: 5 });
    expect(next.phases.expanded).toEqual(expanded(3).phases.expanded);
  });

  it('a single live colour deployed after the expand is enough when it is the only active one', () => {
    const next = derive(expanded(3), [colour('blue', 'live', 4), colour('green', 'empty', 0)], [], NOW);
    expect(next.phase).toBe('dual-written');
    expect(next.phases['dual-written']!.note).toContain('blue (r4)');
  });

  it('does not change the rollout it was given', () => {
    const before = expanded(3);
    const copy = structuredClone(before);
    derive(before, [colour('blue', 'live', 4)], [], NOW);
    expect(before).toEqual(copy);
  });
});

describe('derive: deprecated → unreferenced', () => {
  it('a snapshot colour deployed after the deprecation no longer references the column', () => {
    const snapshot = listing({ 'public.deployments': ['id', 'owner'] });
    const deprecations = [{ object: 'public.deployments.owner', at: new Date('2026-11-20T00:00:00Z') }];
    // Deployed on Nov 21 and 22, after the deprecation: their snapshots still have the column, but it no longer counts.
    const colours = [colour('blue', 'live', 21, { snapshot }), colour('green', 'idle', 22, { snapshot })];
    expect(derive(deprecated(), colours, deprecations, NOW).phase).toBe('unreferenced');
    // One colour deployed before it (Nov 19) keeps it deprecated, and is the one waited for.
    const older = [colours[0]!, colour('green', 'idle', 19, { snapshot })];
    expect(derive(deprecated(), older, deprecations, NOW).phase).toBe('deprecated');
    expect(coloursReferencing(deprecated(), older, deprecations).map((c) => c.name)).toEqual(['green']);
  });

  it('a deprecated table stays referenced while a colour lists any of its columns', () => {
    const colours = [colour('blue', 'live', 4, { manifest: listing({ 'public.legacy': ['id'] }) })];
    expect(derive(deprecated('remove-relation'), colours, [], NOW).phase).toBe('deprecated');
    const after = [colour('blue', 'live', 4, { manifest: listing({ 'public.deployments': '*' }) })];
    expect(derive(deprecated('remove-relation'), after, [], NOW).phase).toBe('unreferenced');
  });

  it('a colour using the table with "*" still references a deprecated column', () => {
    const colours = [colour('blue', 'live', 4, { manifest: listing({ 'public.deployments': '*' }) })];
    expect(derive(deprecated(), colours, [], NOW).phase).toBe('deprecated');
  });

  it('with no active colour nothing is derived', () => {
    expect(derive(deprecated(), [colour('blue', 'empty', 4)], [], NOW).phase).toBe('deprecated');
  });
});

describe('derive leaves every other phase alone', () => {
  const anyColours = [colour('blue', 'live', 1), colour('green', 'idle', 9, { manifest: listing({ 'public.deployments': '*', 'public.legacy': '*' }) })];

  it.each([
    ['add-column', 'dual-written'],
    ['add-column', 'enforced'],
    ['remove-column', 'unreferenced'],
    ['remove-column', 'dropped'],
    ['remove-relation', 'unreferenced'],
    ['remove-relation', 'dropped'],
  ] as const)('%s in %s stays there whatever the colours say', (kind, phase) => {
    const before = rollout(kind, phase);
    expect(derive(before, anyColours, [], NOW)).toBe(before);
    expect(derive(before, [], [], NOW)).toBe(before);
  });
});

describe('waitingFor', () => {
  it('expanded: names every colour still to be redeployed, with its state and release', () => {
    expect(waitingFor(expanded(3), [colour('blue', 'live', 2), colour('green', 'idle', 1)], [])).toBe(
      'waiting for blue (live, r2) and green (idle, r1) to be redeployed with a release that writes it',
    );
  });

  it('deprecated: names every colour still referencing it', () => {
    const colours = [colour('blue', 'live', 4, { manifest: listing({ 'public.deployments': ['owner'] }) }), colour('green', 'idle', 5, { manifest: listing({ 'public.deployments': '*' }) })];
    expect(waitingFor(deprecated(), colours, [])).toBe('waiting for blue (live, r4) and green (idle, r5) to stop referencing it');
  });

  it('a stored phase that is behind says ready instead of naming no colour', () => {
    expect(waitingFor(expanded(3), [colour('blue', 'live', 4), colour('green', 'idle', 5)], [])).toBe('ready: every deployed colour writes it');
    const colours = [colour('blue', 'live', 4, { manifest: listing({ 'public.other': ['id'] }) })];
    expect(waitingFor(deprecated(), colours, [])).toBe('ready: no deployed colour references it');
  });

  it('with no active colour, both waiting phases ask for a deploy', () => {
    expect(waitingFor(expanded(), [colour('blue', 'empty', 1)], [])).toBe('waiting for a colour to be deployed (no colour registered)');
    expect(waitingFor(deprecated(), [], [])).toBe('waiting for a colour to be deployed (no colour registered)');
  });

  it.each([
    ['add-column', 'dual-written', 'ready: backfill remaining NULLs, then enforce NOT NULL'],
    ['add-column', 'enforced', 'done: code may rely on it'],
    ['remove-column', 'unreferenced', 'ready: it can be dropped'],
    ['remove-column', 'dropped', 'done'],
    ['remove-relation', 'dropped', 'done'],
  ] as const)('%s in %s: "%s"', (kind, phase, text) => {
    expect(waitingFor(rollout(kind, phase), [colour('blue', 'live', 1)], [])).toBe(text);
  });
});
