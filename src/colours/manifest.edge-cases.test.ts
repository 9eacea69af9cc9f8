// Usage manifests (spec §5.2): the manifests people actually hand to `colour deploy --uses`,
// good and bad. Complements manifest.test.ts.
import { describe, expect, it } from 'vitest';
import { parseManifest, qualify } from './manifest.js';
import { uses } from './references.js';

const problems = (value: unknown, defaultSchema = 'public') => parseManifest(value, defaultSchema).problems;

describe('parseManifest: good manifests', () => {
  it('the example from the spec', () => {
    const result = parseManifest(
      { release: '2026.11.23-1', uses: { 'public.users': ['id', 'email'], 'public.deployments': '*' }, functions: ['public.touch_updated_at'], types: ['public.mood'] },
      'public',
    );
    expect(result).toEqual({
      release: '2026.11.23-1',
      problems: [],
      references: { relations: { 'public.users': ['id', 'email'], 'public.deployments': '*' }, functions: ['public.touch_updated_at'], types: ['public.mood'] },
    });
  });

  it('only "uses" is required; release, functions and types may be left out', () => {
    expect(parseManifest({ uses: { users: ['id'] } }, 'public')).toEqual({ release: undefined, problems: [], references: { relations: { 'public.users': ['id'] }, functions: [], types: [] } });
  });

  it('a "$schema" key (for editors) is allowed', () => {
    expect(problems({ $schema: 'https://example.com/safe-migrate/manifest.json', uses: {} })).toEqual([]);
  });

  it('a release that uses no table at all is a valid, empty manifest', () => {
    expect(parseManifest({ release: 'r0', uses: {} }, 'public').references).toEqual({ relations: {}, functions: [], types: [] });
  });

  it('a relation with an empty column list is kept: the relation itself is used', () => {
    expect(parseManifest({ uses: { flags: [] } }, 'public').references!.relations).toEqual({ 'public.flags': [] });
  });

  it('unqualified names take the given default schema, qualified ones keep theirs', () => {
    const result = parseManifest({ uses: { users: ['id'], 'billing.invoices': '*' }, functions: ['touch', 'billing.charge'], types: ['mood'] }, 'app');
    expect(result.references).toEqual({ relations: { 'app.users': ['id'], 'billing.invoices': '*' }, functions: ['app.touch', 'billing.charge'], types: ['app.mood'] });
  });

  it('column order is kept and repeats are removed', () => {
    expect(parseManifest({ uses: { users: ['email', 'id', 'email', 'id'] } }, 'public').references!.relations['public.users']).toEqual(['email', 'id']);
  });
});

describe('parseManifest: bad manifests', () => {
  it.each([
    ['null', null],
    ['a string', 'uses.json'],
    ['a number', 7],
    ['an array', [{ uses: {} }]],
  ])('%s is not a manifest', (_what, value) => {
    expect(parseManifest(value, 'public')).toEqual({ references: undefined, release: undefined, problems: ['the manifest must be a JSON object with "uses"'] });
  });

  it.each([
    ['missing', {}, 'undefined'],
    ['null', { uses: null }, 'null'],
    ['a list', { uses: ['users'] }, '["users"]'],
    ['a string', { uses: 'users' }, '"users"'],
  ])('"uses" %s is refused, showing what was given', (_what, value, shown) => {
    expect(problems(value)).toEqual([`"uses" must be an object of relation → column list or "*", got ${shown}`]);
  });

  it.each([
    ['three parts', 'a.b.c'],
    ['an empty name', ''],
    ['an empty schema', '.users'],
    ['an empty table', 'public.'],
    ['a blank part', 'public. '],
  ])('a relation key with %s is refused', (_what, key) => {
    expect(problems({ uses: { [key]: ['id'] } })).toEqual([`"uses" key ${JSON.stringify(key)} is not a table name (schema.table or table)`]);
  });

  it.each([
    ['a bare column name', 'id', '"id"'],
    ['a number', 1, '1'],
    ['null', null, 'null'],
    ['an object', { id: true }, '{"id":true}'],
    ['a list with a non-string', ['id', 2], '["id",2]'],
    ['a list with an empty name', ['id', ''], '["id",""]'],
    ['"**"', '**', '"**"'],
  ])('columns given as %s are refused', (_what, columns, shown) => {
    expect(problems({ uses: { users: columns } })).toEqual([`"uses"."users" must be a list of column names or "*", got ${shown}`]);
  });

  it('function and type lists are checked entry by entry', () => {
    expect(problems({ uses: {}, functions: ['touch', 3, 'a.b.c', ''], types: 'mood' })).toEqual([
      '"functions" entry 3 is not a name (schema.name or name)',
      '"functions" entry "a.b.c" is not a name (schema.name or name)',
      '"functions" entry "" is not a name (schema.name or name)',
      '"types" must be a list of names, got "mood"',
    ]);
  });

  it('a release that is not a string is refused and not returned', () => {
    const result = parseManifest({ release: 20261123, uses: {} }, 'public');
    expect(result.problems).toEqual(['"release" must be a string, got 20261123']);
    expect(result.release).toBeUndefined();
  });

  it('a misspelt key is named, so a typo cannot silently drop what a release uses', () => {
    expect(problems({ uses: {}, function: ['touch'], Types: ['mood'] })).toEqual([
      'unknown key "function" (known: release, uses, functions, types)',
      'unknown key "Types" (known: release, uses, functions, types)',
    ]);
  });

  it('any problem withholds every reference, but a valid release is still reported', () => {
    const result = parseManifest({ release: 'r9', uses: { users: ['id'], orders: 'all' } }, 'public');
    expect(result.references).toBeUndefined();
    expect(result.release).toBe('r9');
    expect(result.problems).toHaveLength(1);
  });
});

describe('qualify', () => {
  it('adds the default schema to a one-part name and keeps a full one', () => {
    expect(qualify('users', 'public', 2)).toBe('public.users');
    expect(qualify('app.users', 'public', 2)).toBe('app.users');
  });

  it('with three parts allowed (columns), fills in only the schema', () => {
    expect(qualify('users.email', 'public', 3)).toBe('public.users.email');
    expect(qualify('app.users.email', 'public', 3)).toBe('app.users.email');
    expect(qualify('a.b.c.d', 'public', 3)).toBeUndefined();
  });

  it('refuses empty and blank parts', () => {
    expect(qualify('', 'public', 2)).toBeUndefined();
    expect(qualify('users.', 'public', 2)).toBeUndefined();
    expect(qualify(' .users', 'public', 2)).toBeUndefined();
  });
});

describe('entries that name the same object twice, or with extras', () => {
  it('merges a table listed bare and schema-qualified instead of keeping only the last', () => {
    const { references } = parseManifest({ uses: { users: ['id'], 'public.users': ['email'] } }, 'public');
    expect(references?.relations).toEqual({ 'public.users': ['id', 'email'] });
    expect(parseManifest({ uses: { 'public.users': '*', users: ['id'] } }, 'public').references?.relations).toEqual({ 'public.users': '*' });
  });

  it('lists a function with its argument types under its name, so dropping it is blocked', () => {
    const { references, problems } = parseManifest({ uses: {}, functions: ['touch(integer)', 'app.score(numeric(10,2), text)', 'touch'] }, 'public');
    expect(problems).toEqual([]);
    expect(references?.functions).toEqual(['public.touch', 'app.score']);
    expect(uses(references!, 'public.touch(integer)', 'function')).toBe(true);
  });

  it('trims spaces around names and columns', () => {
    const { references } = parseManifest({ uses: { ' app . users ': [' email '] }, types: [' mood '] }, 'public');
    expect(references).toEqual({ relations: { 'app.users': ['email'] }, functions: [], types: ['public.mood'] });
  });
});

