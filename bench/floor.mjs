#!/usr/bin/env node
// The bare `pg` floor for B1/B2: the least a migration runner can do. Connect, take an
// advisory lock, create a ledger table, and apply each pending `.sql` file of <dir> in name
// order as BEGIN; <file>; INSERT ledger row; COMMIT. No checksums, no parsing, no output.
// Usage: node bench/floor.mjs <database-url> <dir>
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

const [url, dir] = process.argv.slice(2);
if (!url || !dir) {
  process.stderr.write('usage: node bench/floor.mjs <database-url> <dir>\n');
  process.exit(2);
}

const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  await client.query('SELECT pg_advisory_lock(7242001)');
  await client.query('CREATE TABLE IF NOT EXISTS floor_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const applied = new Set((await client.query('SELECT name FROM floor_migrations')).rows.map((row) => row.name));
  const files = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  for (const name of files) {
    if (applied.has(name)) continue;
    const sql = await readFile(join(dir, name), 'utf8');
    await client.query('BEGIN');
    try {
      await client.query(sql);
      await client.query('INSERT INTO floor_migrations (name) VALUES ($1)', [name]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new Error(`${name}: ${error.message}`);
    }
  }
  await client.query('SELECT pg_advisory_unlock(7242001)');
} finally {
  await client.end();
}
