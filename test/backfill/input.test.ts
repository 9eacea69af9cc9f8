// Bad input (spec §9, quality.md R13): exit 2 with a one-line reason, and nothing written —
// no row changed, not even safe-migrate's own schema created. The SET and WHERE fragments must
// parse as exactly one assignment and one condition; `x = 1; DROP TABLE t` is two statements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type Fixture } from './support.js';

let fx: Fixture;
let fingerprint: string;

beforeAll(async () => {
  fx = await fixture();
  await fx.db.query(`CREATE TABLE t (id bigint PRIMARY KEY, v int, c int, g int GENERATED ALWAYS AS (v * 2) STORED)`);
  await fx.db.query(`INSERT INTO t (id, v) SELECT g, g FROM generate_series(1, 100) g`);
  await fx.db.query(`CREATE TABLE nokey (v int, c int)`);
  await fx.db.query(`INSERT INTO nokey SELECT g FROM generate_series(1, 10) g`);
  await fx.db.query(`CREATE VIEW tv AS SELECT * FROM t`);
  fingerprint = await snapshot();
});
afterAll(async () => {
  await fx.db.drop();
});

async function snapshot(): Promise<string> {
  const { rows } = await fx.db.query(`SELECT (SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM t) || (SELECT md5(string_agg(nokey::text, ',')) FROM nokey) AS f`);
  return rows[0].f;
}

const cases: Array<[string, string[], RegExp]> = [
  ['no such table', ['nosuch', '--set', 'c = 1'], /^safe-migrate: table public\.nosuch does not exist — /],
  ['no such schema', ['other.t', '--set', 'c = 1'], /^safe-migrate: table other\.t does not exist — /],
  ['a view', ['tv', '--set', 'c = 1'], /^safe-migrate: public\.tv is not a table \(relkind v\) — /],
  ['no such column', ['t', '--set', 'nosuch = 1'], /^safe-migrate: column "nosuch" does not exist in public\.t — /],
  ['a table without a primary key', ['nokey', '--set', 'c = v'], /^safe-migrate: table public\.nokey has no primary key — a backfill walks the table in primary-key order/],
  ['a primary key column', ['t', '--set', 'id = id + 1'], /^safe-migrate: "id" is part of the primary key of public\.t — /],
  ['a generated column', ['t', '--set', 'g = 1'], /^safe-migrate: "g" is a generated column of public\.t — /],
  ['an unparsable --set', ['t', '--set', 'c = = 1'], /^safe-migrate: --set "c = = 1" does not parse: syntax error at or near "=" — /],
  ['a --set without =', ['t', '--set', 'c'], /^safe-migrate: --set "c" does not parse: syntax error/],
  ['a --set with a second statement', ['t', '--set', 'x = 1; DROP TABLE t'], /^safe-migrate: --set "x = 1; DROP TABLE t" is 2 statements, not one fragment — /],
  ['a --set smuggling a WHERE', ['t', '--set', 'c = 1 WHERE id = 1'], /^safe-migrate: --set "c = 1 WHERE id = 1" must be only a SET list: no WHERE, FROM or RETURNING — /],
  ['a --set assigning two columns', ['t', '--set', 'c = 1, v = 2'], /^safe-migrate: --set "c = 1, v = 2" assigns 2 columns; a backfill fills one column — /],
  ['a --set with an unknown function', ['t', '--set', 'c = no_such_function(v)'], /^safe-migrate: --set\/--where do not work on public\.t: function no_such_function\(integer\) does not exist — /],
  ['an unparsable --where', ['t', '--set', 'c = v', '--where', 'c IS NULL AND'], /^safe-migrate: --where "c IS NULL AND" does not parse: syntax error at end of input — /],
  ['a --where closing the parenthesis around it', ['t', '--set', 'c = v', '--where', 'c IS NULL) OR (true'], /^safe-migrate: --where "c IS NULL\) OR \(true" does not parse: /],
  ['a --where with a second statement', ['t', '--set', 'c = v', '--where', 'true; DROP TABLE t'], /^safe-migrate: --where "true; DROP TABLE t" is 2 statements, not one fragment — /],
  ['a --where with a LIMIT', ['t', '--set', 'c = v', '--where', 'true LIMIT 1'], /^safe-migrate: --where "true LIMIT 1" must be only a condition/],
  ['a --where that is not boolean', ['t', '--set', 'c = v', '--where', 'v + 1'], /^safe-migrate: --set\/--where do not work on public\.t: argument of WHERE must be type boolean, not type integer — /],
  ['a table name with a second statement', ['t; DROP TABLE t', '--set', 'c = 1'], /^safe-migrate: "t; DROP TABLE t" is not a table name: is 2 statements, not one fragment — /],
  ['a table name with an alias', ['t AS x', '--set', 'c = 1'], /^safe-migrate: "t AS x" is not a table name: it is not a plain relation name — /],
  ['a bad --batch-size', ['t', '--set', 'c = 1', '--batch-size', '0'], /^error: option '--batch-size <n>' argument '0' is invalid\. --batch-size must be a whole number ≥ 1\./],
  ['a bad --pause', ['t', '--set', 'c = 1', '--pause', 'soon'], /^safe-migrate: --pause must be a duration, got "soon" — /],
  ['a missing --set', ['t'], /^error: required option '--set <assignment>' not specified/],
];

describe('backfill input errors', () => {
  it.each(cases)('%s → exit 2, one line, nothing written', async (_name, args, message) => {
    const run = await fx.cli('backfill', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with --help')).length).toBe(1);
    expect(run.stdout).toBe('');
    expect(await snapshot()).toBe(fingerprint);
    const internal = await fx.db.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'safe_migrate'`);
    expect(internal.rows[0].n).toBe(0);
  });
});
