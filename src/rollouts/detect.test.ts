// What a statement does to columns, for the rollout ledger (spec §6.1): read from real SQL
// through the parser and the classifier, as planMigrations does.
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyInOrder } from '../classify/index.js';
import { loadParser, parseSql } from '../sql/index.js';
import { columnTouches, notNullCheckColumn, relationName, type ColumnTouch } from './detect.js';

beforeAll(() => loadParser());

/** Touches of every statement in `sql`, classified in order and sharing one NOT NULL check map (one migration section). */
function touches(sql: string, defaultSchema = 'public', notNullChecks = new Map<string, string>()): ColumnTouch[] {
  const { statements, error } = parseSql(sql);
  expect(error).toBeUndefined();
  const { classifications } = classifyInOrder(statements, { defaultSchema });
  return statements.flatMap((s, i) => columnTouches(s, classifications[i], defaultSchema, notNullChecks));
}

/** Touches of a single statement without a classification (only what the AST says). */
function unclassified(sql: string): ColumnTouch[] {
  const { statements } = parseSql(sql);
  return columnTouches(statements[0]!, undefined, 'public', new Map());
}

const t = (column: string, how: ColumnTouch['how'], via?: ColumnTouch['via']): ColumnTouch => ({ column: `public.deployments.${column}`, how, ...(via ? { via } : {}) });

describe('add and drop', () => {
  it('ADD COLUMN adds, whether nullable, with a default or IF NOT EXISTS', () => {
    expect(touches('ALTER TABLE deployments ADD COLUMN owner text')).toEqual([t('owner', 'add')]);
    expect(touches("ALTER TABLE deployments ADD COLUMN owner text NOT NULL DEFAULT 'ops'")).toEqual([t('owner', 'add')]);
    expect(touches('ALTER TABLE deployments ADD COLUMN IF NOT EXISTS owner text')).toEqual([t('owner', 'add')]);
  });

  it('several commands in one ALTER TABLE give one touch each, in order', () => {
    expect(touches('ALTER TABLE deployments ADD COLUMN a int, ADD COLUMN b int, DROP COLUMN IF EXISTS c')).toEqual([t('a', 'add'), t('b', 'add'), t('c', 'drop')]);
  });

  it('DROP COLUMN drops', () => {
    expect(touches('ALTER TABLE deployments DROP COLUMN notes CASCADE')).toEqual([t('notes', 'drop')]);
  });

  it('CREATE TABLE adds each of its columns (the planner leaves them out: nobody uses a new table yet)', () => {
    expect(touches('CREATE TABLE deployments (id bigint, owner text)')).toEqual([t('id', 'add'), t('owner', 'add')]);
  });

  it('adds and drops come from the classification: without one they are not seen', () => {
    expect(unclassified('ALTER TABLE deployments ADD COLUMN owner text')).toEqual([]);
    expect(unclassified('ALTER TABLE deployments DROP COLUMN owner')).toEqual([]);
  });

  it('DROP TABLE drops no column one by one', () => {
    expect(touches('DROP TABLE deployments')).toEqual([]);
  });
});

describe('backfill (UPDATE … SET c =)', () => {
  it('every column an UPDATE sets is backfilled, with or without WHERE', () => {
    expect(touches("UPDATE deployments SET owner = 'ops' WHERE owner IS NULL")).toEqual([t('owner', 'backfill')]);
    expect(touches("UPDATE deployments SET owner = 'ops', notes = NULL")).toEqual([t('owner', 'backfill'), t('notes', 'backfill')]);
  });

  it('a multi-column assignment backfills each column', () => {
    expect(touches("UPDATE deployments SET (owner, notes) = ('ops', '')")).toEqual([t('owner', 'backfill'), t('notes', 'backfill')]);
  });

  it('names the updated table, not an alias or a FROM table; ONLY and a leading WITH change nothing', () => {
    expect(touches("UPDATE deployments AS d SET owner = 'ops' WHERE d.id > 0")).toEqual([t('owner', 'backfill')]);
    expect(touches('UPDATE ONLY deployments SET owner = u.name FROM users u WHERE u.id = deployments.user_id')).toEqual([t('owner', 'backfill')]);
    expect(touches("WITH ops AS (SELECT 'ops' AS name) UPDATE deployments SET owner = ops.name FROM ops")).toEqual([t('owner', 'backfill')]);
  });

  it('a field or element assignment backfills the whole column', () => {
    expect(touches('UPDATE deployments SET payload.x = 1')).toEqual([t('payload', 'backfill')]);
  });

  it('keeps the spelling of quoted column names', () => {
    expect(touches('UPDATE deployments SET "Owner" = 1')).toEqual([{ column: 'public.deployments.Owner', how: 'backfill' }]);
  });

  it('is read from the AST, so it is seen even without a classification', () => {
    expect(unclassified("UPDATE deployments SET owner = 'ops'")).toEqual([t('owner', 'backfill')]);
  });

  it('INSERT, DELETE and SELECT touch no column', () => {
    expect(touches("INSERT INTO deployments (owner) VALUES ('ops')")).toEqual([]);
    expect(touches('DELETE FROM deployments WHERE owner IS NULL')).toEqual([]);
    expect(touches('SELECT owner FROM deployments')).toEqual([]);
  });
});

describe('enforce (SET NOT NULL, validated CHECK (c IS NOT NULL))', () => {
  it('SET NOT NULL enforces, one touch per column', () => {
    expect(touches('ALTER TABLE deployments ALTER COLUMN owner SET NOT NULL')).toEqual([t('owner', 'enforce')]);
    expect(touches('ALTER TABLE deployments ALTER a SET NOT NULL, ALTER b SET NOT NULL')).toEqual([t('a', 'enforce'), t('b', 'enforce')]);
  });

  it('a CHECK (c IS NOT NULL) added valid enforces at once', () => {
    expect(touches('ALTER TABLE deployments ADD CONSTRAINT owner_nn CHECK (owner IS NOT NULL)')).toEqual([t('owner', 'enforce', 'check')]);
  });

  it('an UPDATE in a data-modifying CTE backfills the columns it sets', () => {
    expect(touches("WITH done AS (UPDATE deployments SET owner = 'ops' WHERE owner IS NULL RETURNING id) SELECT count(*) FROM done")).toEqual([t('owner', 'backfill')]);
  });

  it('a qualified column reference in the CHECK is the same column', () => {
    expect(touches('ALTER TABLE deployments ADD CONSTRAINT owner_nn CHECK (deployments.owner IS NOT NULL)')).toEqual([t('owner', 'enforce', 'check')]);
    expect(touches('ALTER TABLE public.deployments ADD CHECK (public.deployments.owner IS NOT NULL) NOT VALID')).toEqual([t('owner', 'restrict')]);
  });

  it('a NOT VALID CHECK (c IS NOT NULL) only restricts new writes', () => {
    expect(touches('ALTER TABLE deployments ADD CONSTRAINT owner_nn CHECK (owner IS NOT NULL) NOT VALID')).toEqual([t('owner', 'restrict')]);
    expect(touches('ALTER TABLE deployments ADD CHECK (owner IS NOT NULL) NOT VALID')).toEqual([t('owner', 'restrict')]);
  });

  it('VALIDATE CONSTRAINT of a NOT NULL check seen earlier enforces its column', () => {
    const checks = new Map<string, string>();
    expect(touches('ALTER TABLE deployments ADD CONSTRAINT owner_nn CHECK (owner IS NOT NULL) NOT VALID', 'public', checks)).toEqual([t('owner', 'restrict')]);
    expect(checks).toEqual(new Map([['public.deployments.owner_nn', 'public.deployments.owner']]));
    expect(touches('ALTER TABLE deployments VALIDATE CONSTRAINT owner_nn', 'public', checks)).toEqual([t('owner', 'enforce', 'validate')]);
  });

  it('VALIDATE CONSTRAINT of a constraint it has not seen, or of a same-named one on another table, enforces nothing', () => {
    expect(touches('ALTER TABLE deployments VALIDATE CONSTRAINT owner_nn')).toEqual([]);
    const checks = new Map([['public.deployments.owner_nn', 'public.deployments.owner']]);
    expect(touches('ALTER TABLE releases VALIDATE CONSTRAINT owner_nn', 'public', checks)).toEqual([]);
    expect(touches('ALTER TABLE app.deployments VALIDATE CONSTRAINT owner_nn', 'public', checks)).toEqual([]);
  });

  it('an unnamed NOT VALID check restricts but cannot be matched by a later VALIDATE', () => {
    const checks = new Map<string, string>();
    expect(touches('ALTER TABLE deployments ADD CHECK (owner IS NOT NULL) NOT VALID', 'public', checks)).toEqual([t('owner', 'restrict')]);
    expect(checks.size).toBe(0);
  });

  it('other checks and constraints enforce nothing', () => {
    expect(touches('ALTER TABLE deployments ADD CONSTRAINT owner_null CHECK (owner IS NULL)')).toEqual([]);
    expect(touches("ALTER TABLE deployments ADD CONSTRAINT owner_len CHECK (length(owner) > 0)")).toEqual([]);
    expect(touches('ALTER TABLE deployments ADD CONSTRAINT owner_key UNIQUE (owner)')).toEqual([]);
    expect(touches('ALTER TABLE deployments ADD CONSTRAINT owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) NOT VALID')).toEqual([]);
  });

  it('DROP NOT NULL, defaults, type changes and renames enforce nothing', () => {
    expect(touches('ALTER TABLE deployments ALTER COLUMN owner DROP NOT NULL')).toEqual([]);
    expect(touches("ALTER TABLE deployments ALTER COLUMN owner SET DEFAULT 'ops'")).toEqual([]);
    expect(touches('ALTER TABLE deployments ALTER COLUMN owner TYPE varchar(200)')).toEqual([]);
    expect(touches('ALTER TABLE deployments RENAME COLUMN owner TO owned_by')).toEqual([]);
  });

  it('SET NOT NULL is read from the AST, so it is seen even without a classification', () => {
    expect(unclassified('ALTER TABLE deployments ALTER COLUMN owner SET NOT NULL')).toEqual([t('owner', 'enforce')]);
  });
});

describe('schemas', () => {
  it('a qualified table keeps its schema', () => {
    expect(touches("UPDATE app.deployments SET owner = 'ops'")).toEqual([{ column: 'app.deployments.owner', how: 'backfill' }]);
    expect(touches('ALTER TABLE IF EXISTS ONLY app.deployments ALTER COLUMN owner SET NOT NULL')).toEqual([{ column: 'app.deployments.owner', how: 'enforce' }]);
    expect(touches('ALTER TABLE app.deployments ADD COLUMN owner text')).toEqual([{ column: 'app.deployments.owner', how: 'add' }]);
  });

  it('an unqualified table takes the configured default schema', () => {
    expect(touches('ALTER TABLE deployments ADD COLUMN owner text', 'ops')).toEqual([{ column: 'ops.deployments.owner', how: 'add' }]);
    expect(touches("UPDATE deployments SET owner = 'x'", 'ops')).toEqual([{ column: 'ops.deployments.owner', how: 'backfill' }]);
    expect(touches('ALTER TABLE deployments ALTER owner SET NOT NULL', 'ops')).toEqual([{ column: 'ops.deployments.owner', how: 'enforce' }]);
  });

  it('the three-release rollout, statement by statement', () => {
    expect(
      touches(
        [
          'ALTER TABLE deployments ADD COLUMN owner text',
          "UPDATE deployments SET owner = 'ops' WHERE owner IS NULL",
          'ALTER TABLE deployments ADD CONSTRAINT owner_nn CHECK (owner IS NOT NULL) NOT VALID',
          'ALTER TABLE deployments VALIDATE CONSTRAINT owner_nn',
          'ALTER TABLE deployments ALTER COLUMN owner SET NOT NULL',
          'ALTER TABLE deployments DROP CONSTRAINT owner_nn',
        ].join(';\n'),
      ),
    ).toEqual([t('owner', 'add'), t('owner', 'backfill'), t('owner', 'restrict'), t('owner', 'enforce', 'validate'), t('owner', 'enforce')]);
  });
});

describe('relationName', () => {
  it('qualifies with the default schema only when the statement does not', () => {
    expect(relationName({ schemaname: 'app', relname: 'users' }, 'public')).toBe('app.users');
    expect(relationName({ relname: 'users' }, 'public')).toBe('public.users');
  });

  it('a missing relation is shown as "?" rather than crashing', () => {
    expect(relationName(undefined, 'public')).toBe('public.?');
  });
});

describe('notNullCheckColumn (a constraint definition from the catalog)', () => {
  it.each([
    ['CHECK ((owner IS NOT NULL)) NOT VALID', 'owner'],
    ['CHECK ((owner IS NOT NULL))', 'owner'],
    ['CHECK (("Owner" IS NOT NULL)) NOT VALID', 'Owner'],
    ['CHECK (("a""b" IS NOT NULL)) NOT VALID', 'a"b'],
    ['CHECK ((größe IS NOT NULL)) NOT VALID', 'größe'],
  ])('%s → %s', (definition, column) => {
    expect(notNullCheckColumn(definition)).toBe(column);
  });

  it.each(['CHECK ((owner IS NULL))', 'CHECK ((length(owner) > 0)) NOT VALID', 'CHECK (((owner IS NOT NULL) AND (id > 0)))', 'UNIQUE (owner)'])('%s → nothing', (definition) => {
    expect(notNullCheckColumn(definition)).toBeUndefined();
  });
});

