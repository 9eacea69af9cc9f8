// Usage manifests (spec §5.2): strict validation, every problem named, names qualified.
import { describe, expect, it } from 'vitest';
import { parseManifest, qualify } from './manifest.js';
import { referencesOf, uses } from './references.js';
import type { Colour } from './types.js';

describe('parseManifest', () => {
  it('qualifies relations, functions and types with the default schema and removes repeated columns', () => {
    const result = parseManifest({ release: 'r7', uses: { deployments: ['id', 'notes', 'id'], 'audit.log': '*' }, functions: ['score'], types: ['app.mood'] }, 'public');
    expect(result).toEqual({
      release: 'r7',
      problems: [],
      references: { relations: { 'public.deployments': ['id', 'notes'], 'audit.log': '*' }, functions: ['public.score'], types: ['app.mood'] },
    });
  });

  it('names every problem at once and returns no references', () => {
    const result = parseManifest({ release: 7, uses: { 'a.b.c': ['x'], t: [1], u: 'id' }, functions: 'f', colour: 'blue' }, 'public');
    expect(result.references).toBeUndefined();
    expect(result.problems).toEqual([
      'unknown key "colour" (known: release, uses, functions, types)',
      '"release" must be a string, got 7',
      '"uses" key "a.b.c" is not a table name (schema.table or table)',
      '"uses"."t" must be a list of column names or "*", got [1]',
      '"uses"."u" must be a list of column names or "*", got "id"',
      '"functions" must be a list of names, got "f"',
    ]);
  });

  it('refuses what is not an object with "uses"', () => {
    expect(parseManifest([], 'public').problems).toEqual(['the manifest must be a JSON object with "uses"']);
    expect(parseManifest({ release: 'r1' }, 'public').problems).toEqual(['"uses" must be an object of relation → column list or "*", got undefined']);
  });

  it('qualify: one or two parts, none empty', () => {
    expect(qualify('t', 'app', 2)).toBe('app.t');
    expect(qualify('s.t', 'app', 2)).toBe('s.t');
    expect(qualify('s..t', 'app', 3)).toBeUndefined();
    expect(qualify('a.b.c', 'app', 2)).toBeUndefined();
  });
});

describe('uses', () => {
  const refs = { relations: { 'public.t': ['a', 'b'], 'public.all': '*' as const }, functions: ['public.f'], types: ['public.mood'] };

  it('matches columns, relations, functions (ignoring argument lists) and types', () => {
    expect(uses(refs, 'public.t.a', 'column')).toBe(true);
    expect(uses(refs, 'public.t.c', 'column')).toBe(false);
    expect(uses(refs, 'public.all.anything', 'column')).toBe(true);
    expect(uses(refs, 'public.t', 'table')).toBe(true);
    expect(uses(refs, 'public.f(integer)', 'function')).toBe(true);
    expect(uses(refs, 'public.t', 'function')).toBe(false);
    expect(uses(refs, 'public.mood', 'type')).toBe(true);
  });

  it('a schema covers everything in it', () => {
    expect(uses(refs, 'public', 'schema')).toBe(true);
    expect(uses(refs, 'other', 'schema')).toBe(false);
  });
});

describe('referencesOf', () => {
  const base: Colour = { name: 'blue', state: 'live', release: 'r1', deploySeq: 1, deployedAt: new Date('2026-11-10T00:00:00Z'), manifest: null, snapshot: { relations: { 'public.t': ['a', 'b'], 'public.old': '*' }, functions: ['public.f'], types: [] } };

  it('an empty colour references nothing; a manifest wins over the snapshot', () => {
    expect(referencesOf({ ...base, state: 'empty' }, [])).toBeUndefined();
    const manifest = { relations: { 'public.x': ['y'] }, functions: [], types: [] };
    expect(referencesOf({ ...base, manifest }, [])).toBe(manifest);
  });

  it('the snapshot loses what was deprecated before the colour was deployed, not after', () => {
    const deprecations = [
      { object: 'public.t.b', at: new Date('2026-11-01T00:00:00Z') },
      { object: 'public.old', at: new Date('2026-11-02T00:00:00Z') },
      { object: 'public.f', at: new Date('2026-11-20T00:00:00Z') },
    ];
    expect(referencesOf(base, deprecations)).toEqual({ relations: { 'public.t': ['a'] }, functions: ['public.f'], types: [] });
  });
});
