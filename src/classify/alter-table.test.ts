import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSql } from '../sql/index.js';
import { classifySection, type ClassifyContext } from './index.js';
import type { Classification, Effect, LockLevel, ObjectRef } from './types.js';

beforeAll(loadParser);

/** Classifies `sql` as one section and returns the last statement's classification. */
function last(sql: string, context: ClassifyContext = {}): Classification {
  const parsed = parseSql(sql);
  if (parsed.error) throw new Error(parsed.error.message);
  return classifySection(parsed.statements, context).at(-1)!;
}

interface Case {
  sql: string;
  effect: Effect;
  lock?: LockLevel;
  tables?: string[];
  rewrite?: boolean;
  scan?: boolean;
  breaks?: string[];
  objects?: ObjectRef[];
  note?: RegExp;
}

function check(c: Case): void {
  const result = last(c.sql);
  expect(result.effect).toBe(c.effect);
  if (c.lock) expect(result.lock.level).toBe(c.lock);
  if (c.tables) expect(result.lock.tables).toEqual(c.tables);
  if (c.rewrite !== undefined) expect(result.rewrite).toBe(c.rewrite);
  if (c.scan !== undefined) expect(result.scan).toBe(c.scan);
  if (c.breaks) expect(result.breaks).toEqual(c.breaks);
  if (c.objects) expect(result.objects).toEqual(expect.arrayContaining(c.objects));
  if (c.note) expect(result.notes.join('\n')).toMatch(c.note);
}

const AE: LockLevel = 'ACCESS EXCLUSIVE';

describe('ALTER TABLE … ADD COLUMN', () => {
  const cases: Case[] = [
    { sql: 'ALTER TABLE users ADD COLUMN notes text', effect: 'additive', lock: AE, tables: ['public.users'], rewrite: false, breaks: [], objects: [{ type: 'column', name: 'public.users.notes', action: 'create' }, { type: 'table', name: 'public.users', action: 'alter' }] },
    { sql: "ALTER TABLE app.users ADD COLUMN notes text NOT NULL DEFAULT ''", effect: 'additive', tables: ['app.users'], rewrite: false, breaks: [] },
    { sql: 'ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()', effect: 'additive', rewrite: false },
    { sql: 'ALTER TABLE users ADD COLUMN n int NOT NULL', effect: 'destructive', breaks: ['public.users'], note: /NOT NULL without a default/ },
    { sql: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()', effect: 'additive', rewrite: true, scan: true, note: /volatile default/ },
    { sql: 'ALTER TABLE users ADD COLUMN id2 bigserial', effect: 'additive', rewrite: true },
    { sql: 'ALTER TABLE users ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY', effect: 'additive', rewrite: true },
    { sql: 'ALTER TABLE users ADD COLUMN l text GENERATED ALWAYS AS (lower(email)) STORED', effect: 'additive', rewrite: true },
    { sql: 'ALTER TABLE users ADD COLUMN l text GENERATED ALWAYS AS (lower(email)) VIRTUAL', effect: 'additive', rewrite: false },
    { sql: 'ALTER TABLE users ADD COLUMN d int DEFAULT my_fn()', effect: 'additive', rewrite: false, note: /my_fn.*VOLATILE/ },
    { sql: 'ALTER TABLE users ADD COLUMN org_id int REFERENCES orgs(id)', effect: 'additive', lock: AE, tables: ['public.users'], objects: [{ type: 'table', name: 'public.orgs', action: 'read' }] },
    { sql: 'ALTER TABLE users ADD COLUMN code text UNIQUE', effect: 'additive', scan: true, objects: [{ type: 'constraint', name: 'public.users.users_code_key', action: 'create' }] },
    { sql: 'CREATE TABLE t (id int); ALTER TABLE t ADD COLUMN n int NOT NULL', effect: 'additive', breaks: [], note: /created earlier in this migration/ },
  ];
  it.each(cases)('$sql', check);

  it('reports the lock on a FK-referenced table separately', () => {
    const result = last('ALTER TABLE users ADD COLUMN org_id int REFERENCES orgs(id)');
    expect(result.locks).toEqual([
      { level: AE, tables: ['public.users'] },
      { level: 'SHARE ROW EXCLUSIVE', tables: ['public.orgs'] },
    ]);
  });
});

describe('ALTER TABLE … column changes', () => {
  const cases: Case[] = [
    { sql: 'ALTER TABLE users DROP COLUMN email', effect: 'destructive', lock: AE, breaks: ['public.users.email'], objects: [{ type: 'column', name: 'public.users.email', action: 'drop' }] },
    { sql: 'ALTER TABLE users DROP COLUMN email CASCADE', effect: 'destructive', note: /CASCADE/ },
    { sql: 'ALTER TABLE users ALTER COLUMN age TYPE bigint', effect: 'destructive', lock: AE, rewrite: true, breaks: ['public.users.age'], note: /previous type unknown/ },
    { sql: 'CREATE TABLE t (a varchar(10)); ALTER TABLE t ALTER COLUMN a TYPE varchar(20)', effect: 'additive', rewrite: false },
    { sql: 'ALTER TABLE users ALTER COLUMN bio TYPE text USING upper(bio)', effect: 'destructive', rewrite: true, note: /USING/ },
    { sql: 'ALTER TABLE users ALTER COLUMN email SET DEFAULT \'x\'', effect: 'additive', lock: AE, breaks: [] },
    { sql: 'ALTER TABLE users ALTER COLUMN email DROP DEFAULT', effect: 'neutral', breaks: [], note: /unknown offline/ },
    { sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL', effect: 'destructive', lock: AE, scan: true, rewrite: false, breaks: ['public.users.email'] },
    { sql: 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL', effect: 'additive', lock: AE, breaks: [], note: /tolerate NULLs/ },
    { sql: 'ALTER TABLE users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY', effect: 'destructive', breaks: ['public.users.id'] },
    { sql: 'ALTER TABLE users ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY', effect: 'additive' },
    { sql: 'ALTER TABLE users ALTER COLUMN id SET GENERATED ALWAYS', effect: 'destructive', breaks: ['public.users.id'] },
    { sql: 'ALTER TABLE users ALTER COLUMN id DROP IDENTITY', effect: 'destructive', breaks: ['public.users.id'] },
    { sql: 'ALTER TABLE users ALTER COLUMN l SET EXPRESSION AS (lower(name))', effect: 'destructive', rewrite: true },
    { sql: 'ALTER TABLE users ALTER COLUMN email SET STATISTICS 500', effect: 'neutral', lock: 'SHARE UPDATE EXCLUSIVE', tables: ['public.users'] },
    { sql: 'ALTER TABLE users ALTER COLUMN email SET STORAGE EXTERNAL', effect: 'neutral', lock: AE },
  ];
  it.each(cases)('$sql', check);
});

describe('ALTER TABLE … constraints (new write restrictions)', () => {
  const cases: Case[] = [
    { sql: 'ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age > 0)', effect: 'destructive', lock: AE, scan: true, breaks: ['public.users.age'], objects: [{ type: 'constraint', name: 'public.users.age_ok', action: 'create' }] },
    { sql: 'ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age > 0) NOT VALID', effect: 'destructive', scan: false, breaks: ['public.users.age'], note: /NOT VALID/ },
    { sql: 'ALTER TABLE users ADD CHECK (a < b)', effect: 'destructive', breaks: ['public.users.a', 'public.users.b'], objects: [{ type: 'constraint', name: 'public.users.users_check', action: 'create' }] },
    { sql: 'ALTER TABLE users ADD CHECK (a > 0)', effect: 'destructive', objects: [{ type: 'constraint', name: 'public.users.users_a_check', action: 'create' }] },
    { sql: 'ALTER TABLE users ADD CHECK (random() > 0)', effect: 'destructive', breaks: ['public.users'] },
    { sql: 'ALTER TABLE users ADD CONSTRAINT c CHECK (a > 0) NOT ENFORCED', effect: 'additive', scan: false, breaks: [] },
    { sql: 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users(id)', effect: 'destructive', lock: 'SHARE ROW EXCLUSIVE', tables: ['public.orders', 'public.users'], scan: true, breaks: ['public.orders.user_id'], objects: [{ type: 'constraint', name: 'public.orders.orders_user_id_fkey', action: 'create' }] },
    { sql: 'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users(id) NOT VALID', effect: 'destructive', scan: false, breaks: ['public.orders.user_id'] },
    { sql: 'ALTER TABLE users ADD UNIQUE (email)', effect: 'destructive', lock: AE, scan: true, breaks: ['public.users.email'], objects: [{ type: 'constraint', name: 'public.users.users_email_key', action: 'create' }] },
    { sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx', effect: 'additive', scan: false, breaks: [], note: /already enforced/ },
    { sql: 'ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx', effect: 'destructive', scan: false, breaks: ['public.users'], note: /NOT NULL/ },
    { sql: 'CREATE UNIQUE INDEX CONCURRENTLY users_id_idx ON users (id); ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx', effect: 'destructive', breaks: ['public.users.id'] },
    { sql: 'ALTER TABLE users ADD PRIMARY KEY (id)', effect: 'destructive', breaks: ['public.users.id'], objects: [{ type: 'constraint', name: 'public.users.users_pkey', action: 'create' }] },
    { sql: 'ALTER TABLE rooms ADD EXCLUDE USING gist (during WITH &&)', effect: 'destructive', breaks: ['public.rooms.during'] },
    { sql: 'ALTER TABLE users ADD CONSTRAINT nn NOT NULL email', effect: 'destructive', breaks: ['public.users.email'] },
    { sql: 'ALTER TABLE users VALIDATE CONSTRAINT age_ok', effect: 'neutral', lock: 'SHARE UPDATE EXCLUSIVE', scan: true, breaks: [] },
    { sql: 'ALTER TABLE users DROP CONSTRAINT users_email_key', effect: 'destructive', lock: AE, breaks: ['public.users.users_email_key'], objects: [{ type: 'constraint', name: 'public.users.users_email_key', action: 'drop' }] },
    { sql: 'ALTER TABLE users ALTER CONSTRAINT fk DEFERRABLE INITIALLY DEFERRED', effect: 'additive', lock: AE },
    { sql: 'ALTER TABLE users ALTER CONSTRAINT fk NOT DEFERRABLE', effect: 'destructive', breaks: ['public.users.fk'] },
    { sql: 'CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)', effect: 'additive', breaks: [] },
    { sql: 'ALTER TABLE users ADD COLUMN org int, ADD CONSTRAINT fk FOREIGN KEY (org) REFERENCES orgs(id)', effect: 'additive', breaks: [], note: /same statement/ },
  ];
  it.each(cases)('$sql', check);
});

describe('ALTER TABLE … other subcommands', () => {
  const cases: Case[] = [
    { sql: 'ALTER TABLE users SET (fillfactor = 70)', effect: 'neutral', lock: 'SHARE UPDATE EXCLUSIVE' },
    { sql: 'ALTER TABLE users CLUSTER ON users_pkey', effect: 'neutral', lock: 'SHARE UPDATE EXCLUSIVE' },
    { sql: 'ALTER TABLE users DISABLE TRIGGER ALL', effect: 'neutral', lock: 'SHARE ROW EXCLUSIVE' },
    { sql: 'ALTER TABLE users SET TABLESPACE fast', effect: 'neutral', lock: AE, rewrite: true },
    { sql: 'ALTER TABLE users SET UNLOGGED', effect: 'neutral', rewrite: true },
    { sql: 'ALTER TABLE users OWNER TO app', effect: 'neutral', lock: AE },
    { sql: 'ALTER TABLE users ENABLE ROW LEVEL SECURITY', effect: 'destructive', breaks: ['public.users'] },
    { sql: 'ALTER TABLE users DISABLE ROW LEVEL SECURITY', effect: 'additive' },
    { sql: 'ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM (1) TO (2)', effect: 'additive', lock: AE, tables: ['public.events_2026'], scan: true },
    { sql: 'ALTER TABLE events DETACH PARTITION events_2020', effect: 'destructive', lock: AE, breaks: ['public.events'] },
    { sql: 'ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY', effect: 'destructive', lock: 'SHARE UPDATE EXCLUSIVE' },
    { sql: 'ALTER TABLE child NO INHERIT parent', effect: 'destructive', breaks: ['public.parent'] },
    { sql: 'ALTER INDEX users_email_idx SET (fillfactor = 80)', effect: 'neutral', objects: [{ type: 'index', name: 'public.users_email_idx', action: 'alter' }] },
    { sql: 'ALTER VIEW v ALTER COLUMN a SET DEFAULT 1', effect: 'additive', objects: [{ type: 'view', name: 'public.v', action: 'alter' }] },
    { sql: 'ALTER TYPE address ADD ATTRIBUTE zip text', effect: 'additive', lock: 'none', objects: [{ type: 'column', name: 'public.address.zip', action: 'create' }] },
    { sql: 'ALTER TYPE address DROP ATTRIBUTE zip', effect: 'destructive', lock: 'none', breaks: ['public.address.zip'] },
    // The most severe subcommand wins; the strongest lock wins.
    { sql: 'ALTER TABLE users ADD COLUMN a int, DROP COLUMN b, ALTER COLUMN c SET STATISTICS 10', effect: 'destructive', lock: AE, breaks: ['public.users.b'] },
  ];
  it.each(cases)('$sql', check);
});
