import { describe, it, expect } from 'vitest';
import type { Knex } from 'knex';
import { captureKnexSql } from './knex-recorder.js';

async function capture(fn: (knex: Knex) => unknown): Promise<string[]> {
  const result = await captureKnexSql(fn);
  if (!result.ok) throw result.error;
  return result.captured;
}

describe('captureKnexSql', () => {
  it('records createTable, one string per statement', async () => {
    const sql = await capture((knex) =>
      knex.schema.createTable('users', (t) => {
        t.increments('id');
        t.string('email').notNullable().unique();
      }),
    );
    expect(sql).toEqual([
      'create table "users" ("id" serial primary key, "email" varchar(255) not null)',
      'alter table "users" add constraint "users_email_unique" unique ("email")',
    ]);
  });

  it('records chained createTable(...).createTable(...)', async () => {
    const sql = await capture(async (knex) => {
      await knex.schema.createTable('a', (t) => t.text('x')).createTable('b', (t) => t.text('y'));
    });
    expect(sql).toEqual(['create table "a" ("x" text)', 'create table "b" ("y" text)']);
  });

  it('records alterTable and schema.raw', async () => {
    const sql = await capture(async (knex) => {
      await knex.schema.alterTable('users', (t) => {
        t.text('notes');
        t.dropColumn('legacy');
      });
      await knex.schema.raw('CREATE INDEX CONCURRENTLY users_notes ON users (notes)');
    });
    expect(sql).toEqual([
      'alter table "users" add column "notes" text',
      'alter table "users" drop column "legacy"',
      'CREATE INDEX CONCURRENTLY users_notes ON users (notes)',
    ]);
  });

  it('records raw with bindings inlined and escaped', async () => {
    const sql = await capture((knex) => knex.raw('UPDATE t SET name = ? WHERE id = ?', ["O'Brien", 7]));
    expect(sql).toEqual(["UPDATE t SET name = 'O''Brien' WHERE id = 7"]);
  });

  it('records inserts, with JSON objects as string literals', async () => {
    const sql = await capture((knex) => knex('settings').insert({ key: 'a', value: { on: true } }));
    expect(sql).toEqual(['insert into "settings" ("key", "value") values (\'a\', \'{"on":true}\')']);
  });

  it('answers hasTable with false and records nothing for it', async () => {
    const sql = await capture(async (knex) => {
      const exists = await knex.schema.hasTable('users');
      expect(exists).toBe(false);
      expect(await knex.schema.hasColumn('users', 'email')).toBe(false);
      if (!exists) await knex.schema.createTable('users', (t) => t.increments('id'));
    });
    expect(sql).toEqual(['create table "users" ("id" serial primary key)']);
  });

  it('answers queries with empty results shaped like knex results', async () => {
    await capture(async (knex) => {
      expect(await knex('users').select('id')).toEqual([]);
      expect(await knex('users').first('id')).toBeUndefined();
      expect(await knex('users').where({ id: 1 }).update({ name: 'x' })).toBe(0);
      expect(await knex.raw('select 1')).toMatchObject({ rows: [] });
    });
  });

  it('runs knex.transaction callbacks and promise-style transactions on the recorder', async () => {
    const sql = await capture(async (knex) => {
      await knex.transaction(async (trx) => {
        await trx.raw('select 1');
      });
      const trx = await knex.transaction();
      await trx.raw('select 2');
      await trx.commit();
    });
    expect(sql).toEqual(['select 1', 'select 2']);
  });

  it('records nothing for builders that are never awaited (knex would not run them either)', async () => {
    const sql = await capture((knex) => {
      void knex.schema.createTable('forgotten', () => undefined).toString();
    });
    expect(sql).toEqual([]);
  });

  it('returns what it captured and the error when the function throws', async () => {
    const result = await captureKnexSql(async (knex) => {
      await knex.raw('select 1');
      throw new Error('boom');
    });
    expect(result).toMatchObject({ ok: false, captured: ['select 1'], error: new Error('boom') });
  });

  it('gives up on a function that never finishes', async () => {
    const result = await captureKnexSql(() => new Promise(() => undefined), { timeoutMs: 50 });
    expect(result.ok).toBe(false);
    expect(String((result as { error: Error }).error.message)).toContain('did not finish within 50 ms');
  });

  it('uses a fresh recorder per capture', async () => {
    const first = await capture((knex) => knex.raw('select 1'));
    const second = await capture((knex) => knex.raw('select 2'));
    expect([first, second]).toEqual([['select 1'], ['select 2']]);
  });
});
