// The colour gate (spec §5.3), fed the way the runner feeds it: real SQL, parsed and classified,
// turned into GateStatements as runner/gate-check.ts does. Complements gate.test.ts (hand-built
// statements) with the statements and colour states a production team runs into.
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyInOrder } from '../classify/index.js';
import { loadParser, parseSql } from '../sql/index.js';
import { checkGate, describeChange } from './gate.js';
import type { Colour, GateStatement, References } from './types.js';

beforeAll(() => loadParser());

interface At {
  migration?: string;
  direction?: 'up' | 'down';
  unknownReviewed?: boolean;
}

/** Every statement of `sql` as the gate sees it (one migration section, classified in order). */
function section(sql: string, at: At = {}): GateStatement[] {
  const migration = at.migration ?? '0007_contract';
  const { statements, error } = parseSql(sql, { firstLine: 2 });
  expect(error).toBeUndefined();
  const { classifications } = classifyInOrder(statements, { defaultSchema: 'public' });
  return statements.map((s, i) => ({
    migration,
    direction: at.direction ?? 'up',
    file: `migrations/${migration}.sql`,
    line: s.line,
    sql: s.sql,
    effect: classifications[i]!.effect,
    breaks: classifications[i]!.breaks,
    objects: classifications[i]!.objects,
    unknownReviewed: at.unknownReviewed ?? false,
  }));
}

function refs(relations: References['relations'], functions: string[] = [], types: string[] = []): References {
  return { relations, functions, types };
}

/** A colour with a manifest (what its release's code uses). */
function withManifest(name: string, state: Colour['state'], manifest: References, more: Partial<Colour> = {}): Colour {
  return { name, state, release: `${name}-2026.11`, deploySeq: 1, deployedAt: new Date('2026-11-15T09:30:00Z'), manifest, snapshot: null, ...more };
}

/** A colour without a manifest: its deploy-time snapshot counts. */
function withSnapshot(name: string, state: Colour['state'], snapshot: References, deployedAt = '2026-11-15T09:30:00Z'): Colour {
  return { name, state, release: `${name}-2026.11`, deploySeq: 1, deployedAt: new Date(deployedAt), manifest: null, snapshot };
}

const retired = (name: string): Colour => ({ name, state: 'empty', release: null, deploySeq: null, deployedAt: null, manifest: null, snapshot: null });

const blockedBy = (report: ReturnType<typeof checkGate>) => report.decisions.flatMap((d) => d.blockers.map((b) => `${b.colour}:${b.object}`));

const users = refs({ 'public.users': ['id', 'email'] });
const usersStar = refs({ 'public.users': '*' });
const nothing = refs({ 'public.other': ['id'] });

describe('which statements a colour that uses the object blocks', () => {
  const uses = [withManifest('blue', 'live', refs({ 'public.users': ['id', 'email'], 'public.active_users': '*' }, ['public.touch'], ['public.mood']))];

  it.each([
    ['DROP COLUMN', 'ALTER TABLE users DROP COLUMN email', 'public.users.email'],
    ['RENAME COLUMN', 'ALTER TABLE users RENAME COLUMN email TO mail', 'public.users.email'],
    ['ALTER COLUMN TYPE', 'ALTER TABLE users ALTER COLUMN email TYPE varchar(50)', 'public.users.email'],
    ['SET NOT NULL', 'ALTER TABLE users ALTER COLUMN email SET NOT NULL', 'public.users.email'],
    ['a new CHECK on a column (NOT VALID)', "ALTER TABLE users ADD CONSTRAINT email_at CHECK (email LIKE '%@%') NOT VALID", 'public.users.email'],
    ['a new UNIQUE on a column', 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)', 'public.users.email'],
    ['DROP TABLE', 'DROP TABLE users', 'public.users'],
    ['RENAME TABLE', 'ALTER TABLE users RENAME TO accounts', 'public.users'],
    ['SET SCHEMA', 'ALTER TABLE users SET SCHEMA archive', 'public.users'],
    ['ADD COLUMN NOT NULL without a default', 'ALTER TABLE users ADD COLUMN tenant int NOT NULL', 'public.users'],
    ['TRUNCATE', 'TRUNCATE users', 'public.users'],
    ['DELETE without WHERE', 'DELETE FROM users', 'public.users'],
    ['REVOKE', 'REVOKE SELECT ON users FROM app', 'public.users'],
    ['DROP VIEW', 'DROP VIEW active_users', 'public.active_users'],
    ['DROP FUNCTION (with its argument list)', 'DROP FUNCTION touch(integer)', 'public.touch'],
    ['RENAME FUNCTION', 'ALTER FUNCTION touch(integer) RENAME TO touch2', 'public.touch'],
    ['DROP TYPE', 'DROP TYPE mood', 'public.mood'],
    ['ALTER TYPE … RENAME VALUE', "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'", 'public.mood'],
    ['DROP SCHEMA (everything in it)', 'DROP SCHEMA public CASCADE', 'public'],
  ])('%s is blocked', (_what, sql, object) => {
    const report = checkGate(section(sql), uses);
    expect(report.blocked).toBe(true);
    expect(blockedBy(report)).toEqual([`blue:${object}`]);
  });

  it.each([
    ['dropping a column it does not list', 'ALTER TABLE users DROP COLUMN legacy'],
    ['dropping a table it does not list', 'DROP TABLE audit_log'],
    ['dropping another schema', 'DROP SCHEMA archive CASCADE'],
    ['dropping a function it does not list', 'DROP FUNCTION score(int)'],
    ['a trigger', 'DROP TRIGGER users_touch ON users'],
    ['an index', 'DROP INDEX users_email_idx'],
    ['a constraint', 'ALTER TABLE users DROP CONSTRAINT users_email_key'],
  ])('%s is not blocked', (_what, sql) => {
    const report = checkGate(section(sql), uses);
    expect(report.blocked).toBe(false);
    expect(blockedBy(report)).toEqual([]);
  });

  it.each([
    ['ADD COLUMN (nullable)', 'ALTER TABLE users ADD COLUMN nickname text'],
    ['CREATE INDEX', 'CREATE INDEX users_email_idx ON users (email)'],
    ['UPDATE', "UPDATE users SET email = lower(email) WHERE id < 100"],
    ['DELETE with WHERE', 'DELETE FROM users WHERE id = 1'],
    ['SET DEFAULT', "ALTER TABLE users ALTER COLUMN email SET DEFAULT ''"],
    ['COMMENT', "COMMENT ON COLUMN users.email IS 'login'"],
  ])('%s is never gated', (_what, sql) => {
    const report = checkGate(section(sql), uses);
    expect(report).toEqual({ blocked: false, decisions: [{ migration: '0007_contract', direction: 'up', blocked: false, blockers: [] }], warnings: [] });
  });
});

describe('a constraint named like the column it constrains', () => {
  const blue = [withManifest('blue', 'live', users)];

  it.each([
    ['dropped with the column', 'ALTER TABLE users DROP CONSTRAINT email, DROP COLUMN email'],
    ['added with a column type change', 'ALTER TABLE users ADD CONSTRAINT email UNIQUE (email), ALTER COLUMN email TYPE varchar(50)'],
  ])('%s: the column change is still blocked (I4), and named as the column change', (_what, sql) => {
    const report = checkGate(section(sql), blue);
    expect(blockedBy(report)).toEqual(['blue:public.users.email']);
    expect(report.decisions[0]!.blockers[0]!.change).toMatch(/^(DROP|ALTER) COLUMN public\.users\.email$/);
  });

  it('dropping only the constraint is not blocked', () => {
    expect(checkGate(section('ALTER TABLE users DROP CONSTRAINT email'), blue).blocked).toBe(false);
  });
});

describe('live, idle and retired colours', () => {
  const drop = () => section('ALTER TABLE users DROP COLUMN email');

  it('both the live and the idle colour block, each with its own way out, in registry order', () => {
    const report = checkGate(drop(), [withManifest('blue', 'live', users), withManifest('green', 'idle', usersStar)]);
    const blockers = report.decisions[0]!.blockers;
    expect(blockers.map((b) => [b.colour, b.state, b.release])).toEqual([
      ['blue', 'live', 'blue-2026.11'],
      ['green', 'idle', 'green-2026.11'],
    ]);
    expect(blockers[0]!.message).toContain('to the idle colour and switch to it, then redeploy or retire blue.');
    expect(blockers[1]!.message).toContain('to green, or retire green.');
  });

  it('a retired colour never blocks, even with a manifest or snapshot left on it', () => {
    const stale: Colour = { ...withManifest('green', 'empty', usersStar), snapshot: usersStar };
    expect(checkGate(drop(), [withManifest('blue', 'live', nothing), stale]).blocked).toBe(false);
  });

  it('retiring the colour that stood in the way lets the step run', () => {
    const before = [withManifest('blue', 'live', nothing), withManifest('green', 'idle', users)];
    expect(blockedBy(checkGate(drop(), before))).toEqual(['green:public.users.email']);
    expect(checkGate(drop(), [before[0]!, retired('green')]).blocked).toBe(false);
  });

  it('one live colour alone is enough to check against: no warning', () => {
    const report = checkGate(drop(), [withManifest('blue', 'live', nothing), retired('green')]);
    expect(report).toMatchObject({ blocked: false, warnings: [] });
  });

  it('every colour is checked, not just two', () => {
    const colours = [withManifest('blue', 'live', nothing), withManifest('green', 'idle', users), withManifest('canary', 'idle', users)];
    expect(blockedBy(checkGate(drop(), colours))).toEqual(['green:public.users.email', 'canary:public.users.email']);
  });

  it('a colour with no release or deploy time recorded is still named, as "release unknown"', () => {
    const report = checkGate(drop(), [withManifest('blue', 'live', users, { release: null, deployedAt: null })]);
    expect(report.decisions[0]!.blockers[0]!.message).toContain('blue (live, release unknown) uses it.');
  });
});

describe('manifests against snapshots', () => {
  const drop = () => section('ALTER TABLE users DROP COLUMN legacy');
  const snapshot = refs({ 'public.users': ['id', 'email', 'legacy'] });

  it('without a manifest, every column that existed at deploy time counts', () => {
    expect(blockedBy(checkGate(drop(), [withSnapshot('blue', 'live', snapshot)]))).toEqual(['blue:public.users.legacy']);
  });

  it('a manifest that no longer lists the column lets it go, though the snapshot still has it', () => {
    expect(checkGate(drop(), [withManifest('blue', 'live', users, { snapshot })]).blocked).toBe(false);
  });

  it('a snapshot colour deployed after the column was deprecated no longer counts it; one deployed before still does', () => {
    const deprecations = [{ object: 'public.users.legacy', at: new Date('2026-11-12T00:00:00Z') }];
    const colours = [withSnapshot('blue', 'live', snapshot, '2026-11-14T00:00:00Z'), withSnapshot('green', 'idle', snapshot, '2026-11-10T00:00:00Z')];
    expect(blockedBy(checkGate(drop(), colours, { deprecations }))).toEqual(['green:public.users.legacy']);
  });

  it('a deprecation does not release a column that a manifest still lists', () => {
    const deprecations = [{ object: 'public.users.email', at: new Date('2026-11-01T00:00:00Z') }];
    const report = checkGate(section('ALTER TABLE users DROP COLUMN email'), [withManifest('blue', 'live', users)], { deprecations });
    expect(blockedBy(report)).toEqual(['blue:public.users.email']);
  });

  it('a deprecated column does not release its table: dropping the table is still blocked', () => {
    const deprecations = [{ object: 'public.users.legacy', at: new Date('2026-11-01T00:00:00Z') }];
    expect(blockedBy(checkGate(section('DROP TABLE users'), [withSnapshot('blue', 'live', snapshot)], { deprecations }))).toEqual(['blue:public.users']);
  });

  it('dropping a table blocks a colour that uses only one of its columns, or lists it with "*"', () => {
    const colours = [withManifest('blue', 'live', refs({ 'public.users': ['id'] })), withManifest('green', 'idle', usersStar)];
    expect(blockedBy(checkGate(section('DROP TABLE users'), colours))).toEqual(['blue:public.users', 'green:public.users']);
  });
});

describe('unknown statements', () => {
  const doBlock = "DO $$ BEGIN EXECUTE 'DROP TABLE ' || 'users'; END $$";

  it('a DO block blocks for every live and idle colour, whatever they use, and not for retired ones', () => {
    const report = checkGate(section(doBlock), [withManifest('blue', 'live', nothing), withManifest('green', 'idle', nothing), retired('canary')]);
    expect(report.decisions[0]!.blockers.map((b) => [b.colour, b.object, b.change])).toEqual([
      ['blue', '(unknown objects)', 'DO $$ BEGIN EXECUTE'],
      ['green', '(unknown objects)', 'DO $$ BEGIN EXECUTE'],
    ]);
    expect(report.decisions[0]!.blockers[0]!.message).toBe(
      'migrations/0007_contract.sql:2 DO $$ BEGIN EXECUTE is blocked: cannot be checked: safe-migrate cannot tell what it changes, and blue (live, release blue-2026.11, deployed 2026-11-15) is deployed. Review it and add "-- safe-migrate-ignore unknown-statement -- <reason>", or run with --override-gate "<reason>".',
    );
  });

  it('a reviewed DO block passes', () => {
    expect(checkGate(section(doBlock, { unknownReviewed: true }), [withManifest('blue', 'live', usersStar)]).blocked).toBe(false);
  });

  it('an unknown statement that does name what it breaks is gated on those objects only, reviewed or not', () => {
    const unknown: GateStatement = { ...section('ALTER TABLE users DROP COLUMN email')[0]!, effect: 'unknown' };
    const colours = [withManifest('blue', 'live', users), withManifest('green', 'idle', nothing)];
    expect(blockedBy(checkGate([unknown], colours))).toEqual(['blue:public.users.email']);
    expect(blockedBy(checkGate([{ ...unknown, unknownReviewed: true }], colours))).toEqual(['blue:public.users.email']);
  });
});

describe('no colour registered', () => {
  const none = [retired('blue'), retired('green')];

  it('warns once per destructive statement, with file:line and the change, and blocks nothing', () => {
    const report = checkGate(section('ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users DROP COLUMN email;\nDROP TABLE audit_log'), none);
    expect(report.blocked).toBe(false);
    expect(report.warnings).toEqual([
      'migrations/0007_contract.sql:3 DROP COLUMN public.users.email runs without a colour check: no colour is registered (safe-migrate colour deploy …)',
      'migrations/0007_contract.sql:4 DROP TABLE public.audit_log runs without a colour check: no colour is registered (safe-migrate colour deploy …)',
    ]);
  });

  it('an empty colour list is the same as no colour registered', () => {
    expect(checkGate(section('DROP TABLE users'), []).warnings).toHaveLength(1);
    expect(checkGate(section('DROP TABLE users'), [], { requireColours: true }).blocked).toBe(true);
  });

  it('with requireColours, each destructive statement is blocked with "(none)"; additive migrations still pass', () => {
    const statements = [...section('ALTER TABLE users DROP COLUMN email;\nDROP TABLE audit_log'), ...section('CREATE TABLE t (id int)', { migration: '0008_add' })];
    const report = checkGate(statements, none, { requireColours: true });
    expect(report.warnings).toEqual([]);
    expect(report.decisions.map((d) => [d.migration, d.blocked, d.blockers.map((b) => [b.colour, b.state, b.object, b.change])])).toEqual([
      [
        '0007_contract',
        true,
        [
          ['(none)', 'empty', 'public.users.email', 'DROP COLUMN public.users.email'],
          ['(none)', 'empty', 'public.audit_log', 'DROP TABLE public.audit_log'],
        ],
      ],
      ['0008_add', false, []],
    ]);
    expect(report.decisions[0]!.blockers[0]!.message).toBe(
      'migrations/0007_contract.sql:2 DROP COLUMN public.users.email is blocked: requireColours is set and no colour is registered. Register the running releases with safe-migrate colour deploy <colour> --release <id>.',
    );
  });

  it('requireColours changes nothing once a colour is registered', () => {
    const colours = [withManifest('blue', 'live', nothing), retired('green')];
    expect(checkGate(section('ALTER TABLE users DROP COLUMN email'), colours, { requireColours: true })).toMatchObject({ blocked: false, warnings: [] });
  });
});

describe('decisions per migration and direction', () => {
  const colours = [withManifest('blue', 'live', users)];

  it('one decision per migration in the order first seen, blocked if any of its statements is', () => {
    const statements = [
      ...section('CREATE TABLE audit (id int)', { migration: '0005_audit' }),
      ...section('ALTER TABLE users ADD COLUMN x int;\nALTER TABLE users DROP COLUMN email;\nALTER TABLE users RENAME COLUMN id TO user_id', { migration: '0006_users' }),
      ...section('DROP TABLE legacy', { migration: '0007_legacy' }),
    ];
    const report = checkGate(statements, colours);
    expect(report.blocked).toBe(true);
    expect(report.decisions.map((d) => [d.migration, d.blocked, d.blockers.map((b) => `${b.line}:${b.object}`)])).toEqual([
      ['0005_audit', false, []],
      ['0006_users', true, ['3:public.users.email', '4:public.users.id']],
      ['0007_legacy', false, []],
    ]);
  });

  it('a statement that breaks several objects gets one blocker per object and colour', () => {
    const report = checkGate(section('ALTER TABLE users DROP COLUMN email, DROP COLUMN id'), [withManifest('blue', 'live', users), withManifest('green', 'idle', usersStar)]);
    expect(blockedBy(report)).toEqual(['blue:public.users.email', 'green:public.users.email', 'blue:public.users.id', 'green:public.users.id']);
  });

  it('the up and the down of the same migration are separate decisions', () => {
    const statements = [...section('ALTER TABLE users ADD COLUMN email text', { migration: '0004_email' }), ...section('ALTER TABLE users DROP COLUMN email', { migration: '0004_email', direction: 'down' })];
    const report = checkGate(statements, colours);
    expect(report.decisions.map((d) => [d.direction, d.migration, d.blocked])).toEqual([
      ['up', '0004_email', false],
      ['down', '0004_email', true],
    ]);
    expect(report.decisions[1]!.blockers[0]).toMatchObject({ direction: 'down', migration: '0004_email', file: 'migrations/0004_email.sql', line: 2 });
    expect(report.decisions[1]!.blockers[0]!.message).toMatch(/^migrations\/0004_email\.sql:2 DROP COLUMN public\.users\.email \(rolling back 0004_email\) is blocked: blue /);
  });

  it('a rollback of a migration no colour depends on passes', () => {
    expect(checkGate(section('DROP TABLE audit', { direction: 'down' }), colours).blocked).toBe(false);
  });

  it('no statements: nothing blocked, nothing decided', () => {
    expect(checkGate([], colours)).toEqual({ blocked: false, decisions: [], warnings: [] });
  });

  it('a blocker carries where, what, who and when, for the report and the audit log', () => {
    const [blocker] = checkGate(section('ALTER TABLE users DROP COLUMN email'), colours).decisions[0]!.blockers;
    expect(blocker).toEqual({
      migration: '0007_contract',
      direction: 'up',
      file: 'migrations/0007_contract.sql',
      line: 2,
      change: 'DROP COLUMN public.users.email',
      object: 'public.users.email',
      colour: 'blue',
      state: 'live',
      release: 'blue-2026.11',
      deployedAt: new Date('2026-11-15T09:30:00Z'),
      message:
        'migrations/0007_contract.sql:2 DROP COLUMN public.users.email is blocked: blue (live, release blue-2026.11, deployed 2026-11-15) uses it. Deploy a release that no longer uses public.users.email to the idle colour and switch to it, then redeploy or retire blue.',
    });
  });
});

describe('describeChange', () => {
  const one = (sql: string) => section(sql)[0]!;

  it('says what the classifier says is done to the object', () => {
    expect(describeChange(one('ALTER TABLE users DROP COLUMN email'), 'public.users.email')).toBe('DROP COLUMN public.users.email');
    expect(describeChange(one('ALTER TABLE users RENAME COLUMN email TO mail'), 'public.users.email')).toBe('RENAME COLUMN public.users.email');
    expect(describeChange(one('DROP MATERIALIZED VIEW stats'), 'public.stats')).toBe('DROP MATERIALIZED VIEW public.stats');
    expect(describeChange(one('ALTER TABLE users ALTER COLUMN email SET NOT NULL'), 'public.users.email')).toBe('ALTER COLUMN public.users.email');
  });

  it('for an object the statement only implies, names the object it alters', () => {
    expect(describeChange(one("ALTER TABLE users ADD CONSTRAINT email_at CHECK (email LIKE '%@%') NOT VALID"), 'public.users.email')).toBe('ALTER TABLE public.users');
  });

  it('without any object, the first words of the SQL', () => {
    expect(describeChange(one("DO $$ BEGIN PERFORM 1; END $$"), undefined)).toBe('DO $$ BEGIN PERFORM');
  });
});
