// The ledger writes travel as literals (db/quote.ts inlineParams) together with COMMIT: hostile
// values must arrive byte for byte, whatever standard_conforming_strings says.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inlineParams } from '../../src/db/quote.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

const hostile = ["it's", 'back\\slash', "\\'; DROP TABLE t; --", '$1 $$ $tag$', 'ünïcödé ✓ 😀', 'line\nbreak\ttab', '', "''"];

describe('inlined literals on a real server', () => {
  for (const conforming of ['on', 'off']) {
    it(`round-trip every value with standard_conforming_strings = ${conforming}`, async () => {
      await db.query('CREATE TABLE t (k int, v text, n int, j jsonb)');
      const rows = hostile.map((v, k) => inlineParams('INSERT INTO t (k, v, n, j) VALUES ($1, $2, $3, $4)', [k, v, null, JSON.stringify({ v })]));
      // One query string, as the runner sends it: the setting holds for the inserts after it.
      await db.query([`SET standard_conforming_strings = ${conforming}`, ...rows].join(';\n'));
      const { rows: back } = await db.query('SELECT k, v, n, j FROM t ORDER BY k');
      expect(back).toEqual(hostile.map((v, k) => ({ k, v, n: null, j: { v } })));
    });
  }
});
