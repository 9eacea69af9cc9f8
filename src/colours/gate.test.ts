// The colour gate (spec §5.3) as a pure function: statements and colours in, decisions out.
import { describe, expect, it } from 'vitest';
import { checkGate } from './gate.js';
import type { Colour, GateStatement, References } from './types.js';

const refs = (relations: References['relations'], extra: Partial<References> = {}): References => ({ relations, functions: [], types: [], ...extra });

function colour(name: string, state: Colour['state'], uses: References | null, more: Partial<Colour> = {}): Colour {
  return { name, state, release: state === 'empty' ? null : `${name}-r1`, deploySeq: 1, deployedAt: new Date('2026-11-01T00:00:00Z'), manifest: uses, snapshot: null, ...more };
}

function drop(object: string, type = 'column', more: Partial<GateStatement> = {}): GateStatement {
  return {
    migration: '0005_drop',
    direction: 'up',
    file: 'migrations/0005_drop.sql',
    line: 3,
    sql: `ALTER TABLE … DROP …`,
    effect: 'destructive',
    breaks: [object],
    objects: [{ type, name: object, action: 'drop' }],
    unknownReviewed: false,
    ...more,
  };
}

const usesNotes = refs({ 'public.deployments': ['id', 'notes'] });
const withoutNotes = refs({ 'public.deployments': ['id'] });

describe('checkGate', () => {
  it('blocks a dropped column while the live colour uses it, naming colour, release and the way out', () => {
    const report = checkGate([drop('public.deployments.notes')], [colour('blue', 'live', usesNotes), colour('green', 'idle', withoutNotes)]);
    expect(report.blocked).toBe(true);
    const [blocker, ...others] = report.decisions[0]!.blockers;
    expect(others).toEqual([]);
    expect(blocker).toMatchObject({ migration: '0005_drop', colour: 'blue', state: 'live', release: 'blue-r1', object: 'public.deployments.notes', line: 3 });
    expect(blocker!.message).toMatch(/^migrations\/0005_drop\.sql:3 .* is blocked: blue \(live, release blue-r1, deployed 2026-11-01\) uses it\. Deploy a release that no longer uses public\.deployments\.notes to the idle colour and switch to it/);
  });

  it('blocks for the idle colour too (the instant-rollback target), with its own way out', () => {
    const report = checkGate([drop('public.deployments.notes')], [colour('blue', 'live', withoutNotes), colour('green', 'idle', usesNotes)]);
    expect(report.decisions[0]!.blockers.map((b) => b.colour)).toEqual(['green']);
    expect(report.decisions[0]!.blockers[0]!.message).toMatch(/Deploy a release that no longer uses public\.deployments\.notes to green, or retire green\./);
  });

  it('lets the drop run once no live or idle colour uses it; an empty (retired) colour never blocks', () => {
    const report = checkGate([drop('public.deployments.notes')], [colour('blue', 'live', withoutNotes), colour('green', 'empty', null)]);
    expect(report).toEqual({ blocked: false, decisions: [{ migration: '0005_drop', direction: 'up', blocked: false, blockers: [] }], warnings: [] });
  });

  it('a table dropped while a colour uses any of its columns, or all of them (*), is blocked', () => {
    const all = refs({ 'public.deployments': '*' });
    expect(checkGate([drop('public.deployments', 'table')], [colour('blue', 'live', all)]).blocked).toBe(true);
    expect(checkGate([drop('public.deployments', 'table')], [colour('blue', 'live', withoutNotes)]).blocked).toBe(true);
    expect(checkGate([drop('public.other', 'table')], [colour('blue', 'live', all)]).blocked).toBe(false);
    // `*` covers every column of the relation.
    expect(checkGate([drop('public.deployments.notes')], [colour('blue', 'live', all)]).blocked).toBe(true);
  });

  it('functions and types are matched by kind', () => {
    const fn = refs({}, { functions: ['public.score'], types: ['public.mood'] });
    expect(checkGate([drop('public.score(int)', 'function')], [colour('blue', 'live', fn)]).blocked).toBe(true);
    expect(checkGate([drop('public.mood', 'type')], [colour('blue', 'live', fn)]).blocked).toBe(true);
    expect(checkGate([drop('public.other', 'function')], [colour('blue', 'live', fn)]).blocked).toBe(false);
  });

  it('additive and data statements are never gated', () => {
    const add = drop('public.deployments.notes', 'column', { effect: 'additive' });
    const data = drop('public.deployments.notes', 'column', { effect: 'data' });
    expect(checkGate([add, data], [colour('blue', 'live', usesNotes)]).blocked).toBe(false);
  });

  it('an unknown statement that names nothing blocks for every active colour, unless reviewed', () => {
    const unknown = drop('x', 'column', { effect: 'unknown', breaks: [], objects: [] });
    const colours = [colour('blue', 'live', withoutNotes), colour('green', 'idle', withoutNotes)];
    const report = checkGate([unknown], colours);
    expect(report.decisions[0]!.blockers.map((b) => [b.colour, b.object])).toEqual([
      ['blue', '(unknown objects)'],
      ['green', '(unknown objects)'],
    ]);
    expect(report.decisions[0]!.blockers[0]!.message).toMatch(/cannot be checked: safe-migrate cannot tell what it changes.*safe-migrate-ignore unknown-statement/);
    expect(checkGate([{ ...unknown, unknownReviewed: true }], colours).blocked).toBe(false);
  });

  it('with no colour registered: a warning by default, a blocker with requireColours', () => {
    const statements = [drop('public.deployments.notes')];
    const none = [colour('blue', 'empty', null), colour('green', 'empty', null)];
    const warned = checkGate(statements, none);
    expect(warned.blocked).toBe(false);
    expect(warned.warnings).toEqual([expect.stringMatching(/runs without a colour check: no colour is registered/)]);
    const required = checkGate(statements, none, { requireColours: true });
    expect(required.blocked).toBe(true);
    expect(required.decisions[0]!.blockers[0]).toMatchObject({ colour: '(none)', state: 'empty', release: null });
    expect(required.decisions[0]!.blockers[0]!.message).toMatch(/requireColours is set and no colour is registered/);
  });

  it('decides per migration and direction: a rollback is gated like an up and says so', () => {
    const down = drop('public.deployments.notes', 'column', { migration: '0004_add_notes', direction: 'down' });
    const other = drop('public.other.x', 'column', { migration: '0006_other' });
    const report = checkGate([down, other], [colour('blue', 'live', usesNotes)]);
    expect(report.decisions.map((d) => [d.direction, d.migration, d.blocked])).toEqual([
      ['down', '0004_add_notes', true],
      ['up', '0006_other', false],
    ]);
    expect(report.decisions[0]!.blockers[0]!.message).toMatch(/\(rolling back 0004_add_notes\) is blocked/);
  });

  it('without a manifest, the deploy-time snapshot minus what was deprecated before that deploy is what a colour uses', () => {
    const snapshot = refs({ 'public.deployments': ['id', 'notes'] });
    const blue = colour('blue', 'live', null, { snapshot, deployedAt: new Date('2026-11-10T00:00:00Z') });
    const statements = [drop('public.deployments.notes')];
    expect(checkGate(statements, [blue]).blocked).toBe(true);
    const before = [{ object: 'public.deployments.notes', at: new Date('2026-11-09T00:00:00Z') }];
    expect(checkGate(statements, [blue], { deprecations: before }).blocked).toBe(false);
    const after = [{ object: 'public.deployments.notes', at: new Date('2026-11-11T00:00:00Z') }];
    expect(checkGate(statements, [blue], { deprecations: after }).blocked).toBe(true);
  });
});
