// Cross-statement context: objects created earlier in the migration, facts learnt from earlier
// files (types, NOT NULL, unique indexes), search_path; plus the small pure helpers.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSql } from '../sql/index.js';
import { classify, classifyInOrder, classifySection, createContext, EFFECT_ORDER, mostSevere, nextMigrationContext, type ClassifyContext, type FullContext } from './index.js';
import { strongerLock, summarizeLocks } from './locks.js';
import { defaultObjectName } from './names.js';
import { typeChange, type TypeFacts } from './type-change.js';

beforeAll(loadParser);

function statements(sql: string) {
  const parsed = parseSql(sql);
  if (parsed.error) throw new Error(parsed.error.message);
  return parsed.statements;
}

/** Runs earlier migrations (one string each) and returns the context the next migration starts with. */
function after(...migrations: string[]): FullContext {
  let context = createContext();
  for (const sql of migrations) context = nextMigrationContext(classifyInOrder(statements(sql), context).context);
  return context;
}

const lastOf = (sql: string, context: ClassifyContext = {}) => classifySection(statements(sql), context).at(-1)!;

describe('objects created earlier in the same migration', () => {
  it('make destructive changes to them additive, breaking nothing', () => {
    const [create, addColumn] = classifySection(statements('CREATE TABLE t (id int); ALTER TABLE t ADD COLUMN n int NOT NULL'));
    expect(create!.effect).toBe('additive');
    expect(addColumn).toMatchObject({ effect: 'additive', breaks: [] });
  });

  it('can be passed in directly', () => {
    const [statement] = statements('ALTER TABLE app.t ADD COLUMN n int NOT NULL');
    expect(classify(statement!).effect).toBe('destructive');
    expect(classify(statement!, { createdTables: new Set(['app.t']) }).effect).toBe('additive');
  });

  it('do not carry over to the next migration', () => {
    const context = after('CREATE TABLE t (id int)');
    expect(lastOf('ALTER TABLE t ADD COLUMN n int NOT NULL', context)).toMatchObject({ effect: 'destructive', breaks: ['public.t'] });
  });

  it('follow renames of new objects, and not of old ones', () => {
    expect(lastOf('CREATE TABLE a (x int); ALTER TABLE a RENAME TO b; ALTER TABLE b DROP COLUMN x').effect).toBe('additive');
    expect(lastOf('ALTER TABLE a RENAME TO b; ALTER TABLE b DROP COLUMN x').effect).toBe('destructive');
  });

  it('include columns added earlier: restricting them breaks no colour that reads or writes them…', () => {
    expect(lastOf('ALTER TABLE users ADD COLUMN n int DEFAULT 0; ALTER TABLE users ALTER COLUMN n SET NOT NULL')).toMatchObject({ effect: 'additive', breaks: [] });
    expect(lastOf('ALTER TABLE users ADD COLUMN n int; ALTER TABLE users ADD CONSTRAINT c CHECK (n > 0)')).toMatchObject({ effect: 'additive', breaks: [] });
  });

  it('…but rejecting NULL in a new column without a default breaks every INSERT of deployed code', () => {
    const breaksTable = { effect: 'destructive', breaks: ['public.users'] };
    expect(lastOf('ALTER TABLE users ADD COLUMN n int; UPDATE users SET n = 0; ALTER TABLE users ALTER COLUMN n SET NOT NULL')).toMatchObject(breaksTable);
    expect(lastOf('ALTER TABLE users ADD COLUMN n int, ALTER COLUMN n SET NOT NULL')).toMatchObject(breaksTable);
    expect(lastOf('ALTER TABLE users ADD COLUMN n int; ALTER TABLE users ADD CONSTRAINT c CHECK (n IS NOT NULL) NOT VALID')).toMatchObject(breaksTable);
    expect(lastOf('ALTER TABLE users ADD COLUMN n int NOT NULL DEFAULT 0; ALTER TABLE users ALTER COLUMN n DROP DEFAULT')).toMatchObject(breaksTable);
    expect(lastOf('ALTER TABLE users ADD COLUMN n int, ALTER COLUMN n SET DEFAULT 0, ALTER COLUMN n SET NOT NULL')).toMatchObject({ effect: 'additive', breaks: [] });
  });

  it('exclude objects replaced with OR REPLACE (they may predate the migration)', () => {
    expect(lastOf('CREATE OR REPLACE VIEW v AS SELECT 1; DROP VIEW v').effect).toBe('destructive');
    expect(lastOf('CREATE VIEW v AS SELECT 1; DROP VIEW v').effect).toBe('additive');
  });
});

describe('facts from earlier files', () => {
  it('prove a type change rewrite-free', () => {
    const context = after('CREATE TABLE users (name varchar(50), price numeric(10,2), n int)');
    expect(lastOf('ALTER TABLE users ALTER COLUMN name TYPE varchar(100)', context)).toMatchObject({ effect: 'destructive', rewrite: false, breaks: ['public.users.name'] });
    expect(lastOf('ALTER TABLE users ALTER COLUMN name TYPE text', context).rewrite).toBe(false);
    expect(lastOf('ALTER TABLE users ALTER COLUMN name TYPE varchar(10)', context).rewrite).toBe(true);
    expect(lastOf('ALTER TABLE users ALTER COLUMN price TYPE numeric(12,2)', context).rewrite).toBe(false);
    expect(lastOf('ALTER TABLE users ALTER COLUMN n TYPE bigint', context).rewrite).toBe(true);
  });

  it('survive table renames and SET SCHEMA', () => {
    const context = after('CREATE TABLE a (x varchar(10))', 'ALTER TABLE a RENAME TO b', 'ALTER TABLE b SET SCHEMA app');
    expect(lastOf('ALTER TABLE app.b ALTER COLUMN x TYPE varchar(20)', context).rewrite).toBe(false);
  });

  it('tell whether DROP DEFAULT hits a NOT NULL column', () => {
    const context = after("CREATE TABLE users (a text NOT NULL DEFAULT 'x', b text DEFAULT 'y', id int PRIMARY KEY DEFAULT 0)");
    expect(lastOf('ALTER TABLE users ALTER COLUMN a DROP DEFAULT', context)).toMatchObject({ effect: 'destructive', breaks: ['public.users.a'] });
    expect(lastOf('ALTER TABLE users ALTER COLUMN id DROP DEFAULT', context).effect).toBe('destructive');
    expect(lastOf('ALTER TABLE users ALTER COLUMN b DROP DEFAULT', context)).toMatchObject({ effect: 'neutral', notes: [expect.stringMatching(/allows NULL/)] });
    const relaxed = after("CREATE TABLE users (a text NOT NULL DEFAULT 'x')", 'ALTER TABLE users ALTER COLUMN a DROP NOT NULL');
    expect(lastOf('ALTER TABLE users ALTER COLUMN a DROP DEFAULT', relaxed).effect).toBe('neutral');
  });

  it('tell unique from plain indexes, whatever their names', () => {
    const context = after('CREATE TABLE t (a int, b int, c int UNIQUE); CREATE UNIQUE INDEX t_a ON t (a); CREATE INDEX t_b_key ON t (b)');
    expect(lastOf('DROP INDEX t_a', context)).toMatchObject({ effect: 'destructive', breaks: ['public.t_a'], lock: { tables: ['public.t'] } });
    expect(lastOf('DROP INDEX t_b_key', context).effect).toBe('neutral');
    expect(lastOf('DROP INDEX t_c_key', context).effect).toBe('destructive');
  });

  it('follow SET search_path for unqualified names', () => {
    const [, create] = classifySection(statements('SET search_path TO app, public; CREATE TABLE t (a int)'));
    expect(create!.objects[0]).toEqual({ type: 'table', name: 'app.t', action: 'create' });
    expect(lastOf('CREATE TABLE t (a int)', { defaultSchema: 'core' }).objects[0]!.name).toBe('core.t');
  });

  it('resolve unqualified references to earlier temporary tables', () => {
    expect(lastOf('CREATE TEMP TABLE scratch (a int); INSERT INTO scratch VALUES (1)').objects[0]).toEqual({ type: 'table', name: 'pg_temp.scratch', action: 'write' });
  });
});

describe('helpers', () => {
  it('order effects and pick the most severe', () => {
    expect(EFFECT_ORDER).toEqual(['neutral', 'additive', 'data', 'destructive', 'unknown']);
    expect(mostSevere([])).toBe('neutral');
    expect(mostSevere(['additive', 'data'])).toBe('data');
    expect(mostSevere(['destructive', 'unknown', 'additive'])).toBe('unknown');
  });

  it('summarise locks: strongest level first, breakdown only when levels differ', () => {
    expect(strongerLock('SHARE', 'ROW EXCLUSIVE')).toBe('SHARE');
    expect(summarizeLocks([])).toEqual({ lock: { level: 'none', tables: [] } });
    expect(summarizeLocks([{ table: 'a', level: 'SHARE' }, { table: 'a', level: 'ACCESS EXCLUSIVE' }])).toEqual({ lock: { level: 'ACCESS EXCLUSIVE', tables: ['a'] } });
    expect(summarizeLocks([{ table: 'a', level: 'ROW EXCLUSIVE' }, { table: 'b', level: 'ACCESS SHARE' }])).toEqual({
      lock: { level: 'ROW EXCLUSIVE', tables: ['a'] },
      locks: [{ level: 'ROW EXCLUSIVE', tables: ['a'] }, { level: 'ACCESS SHARE', tables: ['b'] }],
    });
  });

  it("name unnamed objects like PostgreSQL's makeObjectName, within 63 bytes", () => {
    expect(defaultObjectName('users', ['email'], 'key')).toBe('users_email_key');
    expect(defaultObjectName('users', undefined, 'pkey')).toBe('users_pkey');
    const long = defaultObjectName('t'.repeat(60), ['email'], 'key');
    expect(long).toBe(`${'t'.repeat(53)}_email_key`);
    expect(long.length).toBe(63);
  });

  const t = (name: string, mods: number[] = [], array = false): TypeFacts => ({ name, mods, array });
  it.each([
    [t('varchar', [10]), t('varchar', [20]), false],
    [t('varchar', [10]), t('varchar'), false],
    [t('varchar', [10]), t('text'), false],
    [t('text'), t('citext'), false],
    [t('citext'), t('text'), false],
    [t('numeric', [10, 2]), t('numeric', [12, 2]), false],
    [t('numeric', [10, 2]), t('numeric', [12, 3]), true],
    [t('numeric', [10, 2]), t('numeric'), false],
    [t('timestamptz', [3]), t('timestamptz', [6]), false],
    [t('cidr'), t('inet'), false],
    [t('text'), t('varchar', [10]), true],
    [t('varchar', [20]), t('varchar', [10]), true],
    [t('int4'), t('int8'), true],
    [t('timestamp'), t('timestamptz'), true],
    [t('text'), t('text', [], true), true],
    [undefined, t('text'), true],
  ])('type change %o → %o rewrites: %s', (from, to, rewrite) => {
    expect(typeChange(from, to, true).rewrite).toBe(rewrite);
  });
});
