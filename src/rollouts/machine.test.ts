// The rollout state machine (spec §6): phases only move forward, and the colour registry is
// the evidence for dual-written and unreferenced.
import { describe, expect, it } from 'vitest';
import type { Colour, References } from '../colours/types.js';
import { advance, coloursNotWriting, derive, waitingFor } from './machine.js';
import type { Rollout } from './types.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const mark = { at: '2026-11-20T00:00:00.000Z' };

function addColumn(phase: Rollout['phase'] = 'expanded', expandSeq = 3): Rollout {
  return { object: 'public.deployments.owner', kind: 'add-column', phase, phases: { expanded: { ...mark, deploySeq: expandSeq } }, migration: '0004' };
}

function removeColumn(phase: Rollout['phase'] = 'deprecated'): Rollout {
  return { object: 'public.deployments.notes', kind: 'remove-column', phase, phases: { deprecated: mark }, migration: null };
}

function colour(name: string, state: Colour['state'], deploySeq: number, manifest: References | null = null, snapshot: References | null = null): Colour {
  return { name, state, release: `r${deploySeq}`, deploySeq, deployedAt: new Date(Date.UTC(2026, 10, deploySeq)), manifest, snapshot };
}

const columns = (...cols: string[]): References => ({ relations: { 'public.deployments': cols }, functions: [], types: [] });

describe('advance', () => {
  it('moves forward along its own path only, keeping every earlier mark', () => {
    const next = advance(addColumn(), 'dual-written', { at: 'later' });
    expect(next.phase).toBe('dual-written');
    expect(Object.keys(next.phases)).toEqual(['expanded', 'dual-written']);
    expect(advance(next, 'enforced', { at: 'last' }).phase).toBe('enforced');
  });

  it('never goes back, never repeats a phase, never jumps to the other path', () => {
    const enforced = addColumn('enforced');
    expect(advance(enforced, 'dual-written', { at: 'x' })).toBe(enforced);
    expect(advance(enforced, 'enforced', { at: 'x' })).toBe(enforced);
    expect(advance(addColumn(), 'dropped', { at: 'x' }).phase).toBe('expanded');
    expect(advance(removeColumn(), 'enforced', { at: 'x' }).phase).toBe('deprecated');
  });
});

describe('derive: expanded → dual-written', () => {
  it('waits while a live or idle colour was deployed before the expand', () => {
    const colours = [colour('blue', 'live', 4), colour('green', 'idle', 2)];
    expect(derive(addColumn(), colours, [], NOW).phase).toBe('expanded');
    expect(coloursNotWriting(addColumn(), colours).map((m) => [m.colour.name, m.reason])).toEqual([['green', 'was deployed before owner existed and does not write it']]);
    expect(waitingFor(addColumn(), colours, [])).toBe('waiting for green (idle, r2) to be redeployed with a release that writes it');
  });

  it('is dual-written once both colours were deployed after the expand, noting who writes it', () => {
    const next = derive(addColumn(), [colour('blue', 'live', 4), colour('green', 'idle', 5)], [], NOW);
    expect(next.phase).toBe('dual-written');
    expect(next.phases['dual-written']).toEqual({ at: NOW.toISOString(), release: 'r5', deploySeq: 5, note: 'blue (r4) and green (r5) write it' });
    expect(waitingFor(next, [], [])).toBe('ready: backfill remaining NULLs, then enforce NOT NULL');
  });

  it('a manifest that does not list the column keeps it waiting, even when deployed later', () => {
    const colours = [colour('blue', 'live', 4, columns('id', 'owner')), colour('green', 'idle', 5, columns('id'))];
    expect(derive(addColumn(), colours, [], NOW).phase).toBe('expanded');
    expect(coloursNotWriting(addColumn(), colours)[0]!.reason).toBe('runs a release whose manifest does not list owner');
  });

  it('an empty (retired) colour is not waited for; with no active colour nothing is derived', () => {
    expect(derive(addColumn(), [colour('blue', 'live', 4), colour('green', 'empty', 1)], [], NOW).phase).toBe('dual-written');
    expect(derive(addColumn(), [colour('green', 'empty', 1)], [], NOW).phase).toBe('expanded');
    expect(waitingFor(addColumn(), [], [])).toBe('waiting for a colour to be deployed (no colour registered)');
  });
});

describe('derive: deprecated → unreferenced', () => {
  it('waits while a colour references the column (manifest, or snapshot taken before the deprecation)', () => {
    const byManifest = [colour('blue', 'live', 4, columns('id', 'notes'))];
    expect(derive(removeColumn(), byManifest, [], NOW).phase).toBe('deprecated');
    expect(waitingFor(removeColumn(), byManifest, [])).toBe('waiting for blue (live, r4) to stop referencing it');
    // Deployed (Nov 4) before the deprecation (Nov 20): its snapshot still has the column.
    const bySnapshot = [colour('blue', 'live', 4, null, columns('id', 'notes'))];
    expect(derive(removeColumn(), bySnapshot, [{ object: 'public.deployments.notes', at: new Date('2026-11-20T00:00:00Z') }], NOW).phase).toBe('deprecated');
  });

  it('is unreferenced once no active colour references it; then only forward', () => {
    const colours = [colour('blue', 'live', 4, columns('id')), colour('green', 'idle', 5, columns('id'))];
    const next = derive(removeColumn(), colours, [], NOW);
    expect(next.phase).toBe('unreferenced');
    expect(next.phases.unreferenced?.note).toBe('no live or idle colour references it');
    expect(waitingFor(next, colours, [])).toBe('ready: it can be dropped');
    // Evidence that a colour uses it again does not move it back.
    expect(derive(next, [colour('blue', 'live', 6, columns('id', 'notes'))], [], NOW).phase).toBe('unreferenced');
  });
});
