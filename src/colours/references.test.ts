// What a colour references (spec §5.2) and whether that covers an object the gate is asked
// about. Pure: colours, deprecations and names in, answers out.
import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest.js';
import { referencesOf, splitColumn, uses } from './references.js';
import type { Colour, Deprecation, References } from './types.js';

const DEPLOYED = new Date('2026-11-10T12:00:00Z');

function refs(relations: References['relations'], functions: string[] = [], types: string[] = []): References {
  return { relations, functions, types };
}

function colour(more: Partial<Colour> = {}): Colour {
  return { name: 'blue', state: 'live', release: 'r1', deploySeq: 1, deployedAt: DEPLOYED, manifest: null, snapshot: null, ...more };
}

function deprecated(object: string, at: Date | string): Deprecation {
  return { object, at: new Date(at) };
}

describe('referencesOf: which references count', () => {
  it('an empty (retired) colour references nothing, even if a stale manifest or snapshot is left on it', () => {
    const stale = refs({ 'public.users': '*' });
    expect(referencesOf(colour({ state: 'empty', manifest: stale, snapshot: stale }), [])).toBeUndefined();
  });

  it('live and idle colours both reference something', () => {
    const snapshot = refs({ 'public.users': ['id'] });
    expect(referencesOf(colour({ state: 'live', snapshot }), [])).toEqual(snapshot);
    expect(referencesOf(colour({ state: 'idle', snapshot }), [])).toEqual(snapshot);
  });

  it('a manifest is exactly what it lists: the snapshot and every deprecation are ignored', () => {
    const manifest = refs({ 'public.users': ['id', 'email'] }, ['public.touch'], ['public.mood']);
    const snapshot = refs({ 'public.users': ['id', 'email', 'legacy'], 'public.audit': ['at'] });
    const deprecations = [deprecated('public.users.email', '2026-11-01'), deprecated('public.touch', '2026-11-01')];
    expect(referencesOf(colour({ manifest, snapshot }), deprecations)).toBe(manifest);
  });

  it('without a manifest or a snapshot a colour references nothing at all', () => {
    expect(referencesOf(colour(), [deprecated('public.users.email', '2026-11-01')])).toEqual(refs({}));
  });

  it('without deprecations the snapshot is returned as stored', () => {
    const snapshot = refs({ 'public.users': ['id', 'email'] }, ['public.touch'], ['public.mood']);
    expect(referencesOf(colour({ snapshot }), [])).toBe(snapshot);
  });
});

describe('referencesOf: the snapshot minus what was deprecated before the deploy', () => {
  const snapshot = refs({ 'public.users': ['id', 'email', 'legacy'], 'public.audit': ['at', 'who'] }, ['public.touch', 'public.score'], ['public.mood', 'public.size']);

  it('a deprecated column leaves the snapshot but its table and sibling columns stay referenced', () => {
    const result = referencesOf(colour({ snapshot }), [deprecated('public.users.legacy', '2026-11-01')])!;
    expect(result.relations).toEqual({ 'public.users': ['id', 'email'], 'public.audit': ['at', 'who'] });
    expect(uses(result, 'public.users.legacy', 'column')).toBe(false);
    expect(uses(result, 'public.users', 'table')).toBe(true);
  });

  it('a deprecated table leaves with all its columns', () => {
    const result = referencesOf(colour({ snapshot }), [deprecated('public.audit', '2026-11-01')])!;
    expect(result.relations).toEqual({ 'public.users': ['id', 'email', 'legacy'] });
    expect(uses(result, 'public.audit.who', 'column')).toBe(false);
  });

  it('deprecated functions and types leave too, others stay', () => {
    const result = referencesOf(colour({ snapshot }), [deprecated('public.score', '2026-11-01'), deprecated('public.size', '2026-11-01')])!;
    expect(result.functions).toEqual(['public.touch']);
    expect(result.types).toEqual(['public.mood']);
  });

  it('a deprecation after the deploy does not count: that release was built while the object was still in use', () => {
    const result = referencesOf(colour({ snapshot }), [deprecated('public.users.legacy', '2026-11-10T12:00:00.001Z')])!;
    expect(result.relations['public.users']).toEqual(['id', 'email', 'legacy']);
  });

  it('a deprecation at the very moment of the deploy counts as before it', () => {
    const result = referencesOf(colour({ snapshot }), [deprecated('public.users.legacy', DEPLOYED)])!;
    expect(result.relations['public.users']).toEqual(['id', 'email']);
  });

  it('with no deploy time recorded every deprecation counts', () => {
    const result = referencesOf(colour({ snapshot, deployedAt: null }), [deprecated('public.users.legacy', '2099-01-01')])!;
    expect(result.relations['public.users']).toEqual(['id', 'email']);
  });

  it('deprecations of objects the snapshot does not have change nothing', () => {
    const result = referencesOf(colour({ snapshot }), [deprecated('public.nowhere.col', '2026-11-01'), deprecated('public.nowhere', '2026-11-01'), deprecated('other.users.email', '2026-11-01')]);
    expect(result).toEqual(snapshot);
  });

  it('never changes the stored snapshot', () => {
    const stored = refs({ 'public.users': ['id', 'email'], 'public.audit': ['at'] }, ['public.touch'], ['public.mood']);
    const copy = structuredClone(stored);
    referencesOf(colour({ snapshot: stored }), [deprecated('public.users.email', '2026-11-01'), deprecated('public.audit', '2026-11-01'), deprecated('public.touch', '2026-11-01')]);
    expect(stored).toEqual(copy);
  });
});

describe('uses: columns', () => {
  const r = refs({ 'public.users': ['id', 'email'], 'public.events': '*', 'app.users': ['name'] });

  it('a listed column is used, an unlisted one of the same table is not', () => {
    expect(uses(r, 'public.users.email', 'column')).toBe(true);
    expect(uses(r, 'public.users.phone', 'column')).toBe(false);
  });

  it('"*" covers every column of that relation, present or future', () => {
    expect(uses(r, 'public.events.payload', 'column')).toBe(true);
    expect(uses(r, 'public.events.anything_added_later', 'column')).toBe(true);
  });

  it('the schema is part of the name: the same table in another schema is another table', () => {
    expect(uses(r, 'app.users.email', 'column')).toBe(false);
    expect(uses(r, 'app.users.name', 'column')).toBe(true);
    expect(uses(r, 'public.users.name', 'column')).toBe(false);
  });

  it('a column of a relation that is not listed is not used', () => {
    expect(uses(r, 'public.orders.id', 'column')).toBe(false);
  });

  it('a three-part name with no type is read as a column', () => {
    expect(uses(r, 'public.users.email', undefined)).toBe(true);
    expect(uses(r, 'public.users.phone', undefined)).toBe(false);
  });

  it('names are compared exactly (the catalog spelling): a differently cased name is another object', () => {
    expect(uses(r, 'public.users.Email', 'column')).toBe(false);
    expect(uses(refs({ 'public.Users': ['id'] }), 'public.users.id', 'column')).toBe(false);
  });
});

describe('uses: relations, functions and types', () => {
  const r = refs({ 'public.users': ['id'], 'public.active_users': '*', 'public.empty': [] }, ['public.touch', 'billing.charge'], ['public.mood']);

  it('a table, view or materialized view is used when it is listed, with any columns or none', () => {
    expect(uses(r, 'public.users', 'table')).toBe(true);
    expect(uses(r, 'public.active_users', 'view')).toBe(true);
    expect(uses(r, 'public.active_users', 'materialized-view')).toBe(true);
    expect(uses(r, 'public.empty', 'table')).toBe(true);
    expect(uses(r, 'public.orders', 'table')).toBe(false);
  });

  it('a function is matched by name, whatever its argument list', () => {
    expect(uses(r, 'public.touch', 'function')).toBe(true);
    expect(uses(r, 'public.touch()', 'function')).toBe(true);
    expect(uses(r, 'public.touch(integer, text)', 'function')).toBe(true);
    expect(uses(r, 'public.charge(integer)', 'function')).toBe(false);
    expect(uses(r, 'billing.charge(integer)', 'function')).toBe(true);
  });

  it('a function or type is not matched by a relation of the same name, nor the other way round', () => {
    expect(uses(r, 'public.users', 'function')).toBe(false);
    expect(uses(r, 'public.users', 'type')).toBe(false);
    expect(uses(r, 'public.mood', 'function')).toBe(false);
    expect(uses(r, 'public.touch', 'type')).toBe(false);
  });

  it('a type is used only when listed as a type', () => {
    expect(uses(r, 'public.mood', 'type')).toBe(true);
    expect(uses(r, 'public.size', 'type')).toBe(false);
  });

  it('a two-part name of another kind (sequence, unknown) matches any relation, function or type of that name', () => {
    expect(uses(r, 'public.users', 'sequence')).toBe(true);
    expect(uses(r, 'public.touch', undefined)).toBe(true);
    expect(uses(r, 'public.mood', undefined)).toBe(true);
    expect(uses(r, 'public.users_id_seq', 'sequence')).toBe(false);
  });

  it('triggers, constraints and indexes are never referenced by a colour', () => {
    expect(uses(r, 'public.users.touch_trg', 'trigger')).toBe(false);
    expect(uses(r, 'public.users.users_pkey', 'constraint')).toBe(false);
    expect(uses(r, 'public.users_pkey', 'index')).toBe(false);
  });
});

describe('uses: schemas', () => {
  const r = refs({ 'app.users': ['id'] }, ['billing.charge'], ['kinds.mood']);

  it('a schema is used when anything in it is: a relation, a function or a type', () => {
    expect(uses(r, 'app', 'schema')).toBe(true);
    expect(uses(r, 'billing', 'schema')).toBe(true);
    expect(uses(r, 'kinds', 'schema')).toBe(true);
    expect(uses(r, 'public', 'schema')).toBe(false);
  });

  it('the schema must match whole: "ap" or "app_archive" do not cover "app"', () => {
    expect(uses(r, 'ap', 'schema')).toBe(false);
    expect(uses(refs({ 'app_archive.users': '*' }), 'app', 'schema')).toBe(false);
  });

  it('a name with no dot is read as a schema whatever its type', () => {
    expect(uses(r, 'app', undefined)).toBe(true);
    expect(uses(r, 'other', undefined)).toBe(false);
  });
});

describe('splitColumn', () => {
  it('splits schema.table.column into its relation and column', () => {
    expect(splitColumn('public.users.email')).toEqual({ relation: 'public.users', column: 'email' });
  });

  it('anything but three parts is not a column', () => {
    expect(splitColumn('public.users')).toEqual({ relation: undefined, column: undefined });
    expect(splitColumn('a.b.c.d')).toEqual({ relation: undefined, column: undefined });
    expect(splitColumn('users')).toEqual({ relation: undefined, column: undefined });
  });
});

describe('manifest names meet classifier names', () => {
  // The classifier always qualifies names with the configured default schema; manifests are
  // qualified with the same default when parsed, so both sides compare as schema.table[.column].
  function manifest(value: unknown, defaultSchema: string): References {
    const result = parseManifest(value, defaultSchema);
    expect(result.problems).toEqual([]);
    return result.references!;
  }

  it('an unqualified manifest entry means the default schema, and only that schema', () => {
    const r = manifest({ uses: { users: ['email'] }, functions: ['touch'], types: ['mood'] }, 'app');
    expect(uses(r, 'app.users.email', 'column')).toBe(true);
    expect(uses(r, 'public.users.email', 'column')).toBe(false);
    expect(uses(r, 'app.touch', 'function')).toBe(true);
    expect(uses(r, 'public.touch', 'function')).toBe(false);
    expect(uses(r, 'app.mood', 'type')).toBe(true);
  });

  it('a qualified manifest entry keeps its own schema whatever the default', () => {
    const r = manifest({ uses: { 'billing.invoices': '*' } }, 'app');
    expect(uses(r, 'billing.invoices.total', 'column')).toBe(true);
    expect(uses(r, 'app.invoices.total', 'column')).toBe(false);
  });
});
