// Behind a transaction-pooling proxy the migration lock would float from one server connection
// to another (docs/security.md): safe-migrate must notice before it creates or runs anything.
// A session-mode pool keeps one server connection per client, and works. Uses Debian's
// pgbouncer (apt-get install pgbouncer); .ci/run installs it.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, inject } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { freePort } from '../helpers/postgres-server.js';

const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => spawnSync('test', ['-x', p]).status === 0) ?? (spawnSync('sh', ['-c', 'command -v pgbouncer']).stdout?.toString().trim() || undefined);

interface Pooler {
  url(database: string): string;
  stop(): void;
}

/** Starts pgbouncer in front of the test server; round-robin, so consecutive transactions move between server connections. */
async function startPgbouncer(mode: 'transaction' | 'session'): Promise<Pooler> {
  if (!PGBOUNCER) throw new Error('pgbouncer is needed for this test: apt-get install pgbouncer');
  const server = new URL(inject('adminUrl'));
  const dir = mkdtempSync(join(tmpdir(), 'safe-migrate-pgbouncer-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const user = decodeURIComponent(server.username || 'postgres');
  writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      `pool_mode = ${mode}`,
      'server_round_robin = 1',
      'default_pool_size = 8',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      'unix_socket_dir =',
      'ignore_startup_parameters = extra_float_digits,options',
      '',
    ].join('\n'),
  );
  for (const f of ['users.txt', 'pgbouncer.ini']) chmodSync(join(dir, f), 0o666);
  // pgbouncer refuses to run as root.
  const [cmd, args] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', PGBOUNCER, '-d', join(dir, 'pgbouncer.ini')]] : [PGBOUNCER, ['-d', join(dir, 'pgbouncer.ini')]];
  execFileSync(cmd, args, { stdio: 'pipe' });
  const pidFile = join(dir, 'pgbouncer.pid');
  for (let i = 0; i < 50 && spawnSync('test', ['-s', pidFile]).status !== 0; i++) await new Promise((r) => setTimeout(r, 50));
  return {
    url: (database) => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`,
    stop() {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGINT');
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens a few connections at once, so the pool holds several server connections to rotate through. */
async function warm(url: string): Promise<void> {
  const clients = await Promise.all([1, 2, 3].map(async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    return c;
  }));
  await Promise.all(clients.map((c) => c.query('SELECT pg_sleep(0.05)')));
  await Promise.all(clients.map((c) => c.end()));
}

let db: TestDatabase;
let pooler: Pooler | undefined;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  pooler?.stop();
  pooler = undefined;
  await db.drop();
});

const files = { 'migrations/0001_t.sql': 'CREATE TABLE t (id int);\n', 'migrations/0002_u.sql': 'CREATE TABLE u (id int);\n' };

describe('connection poolers', () => {
  it('a transaction-pooling proxy is refused before anything is created or run (exit 2, naming both backends)', async () => {
    pooler = await startPgbouncer('transaction');
    await warm(pooler.url(db.name));
    const cwd = makeProject(files);
    const up = await runCli(['up'], { cwd, env: { DATABASE_URL: pooler.url(db.name) } });
    expect(up.code, up.stderr).toBe(2);
    expect(up.stderr).toMatch(/goes through a transaction-pooling proxy: one connection's statements ran on server backends \d+ and \d+/);
    expect(up.stderr).toMatch(/session-mode pool \(PgBouncer pool_mode = session\)/);
    const { rows } = await db.query(`SELECT to_regclass('safe_migrate.migrations') AS ledger, to_regclass('public.t') AS t`);
    expect(rows).toEqual([{ ledger: null, t: null }]);
  });

  it('a session-mode pool keeps one server connection per client: up works through it', async () => {
    pooler = await startPgbouncer('session');
    await warm(pooler.url(db.name));
    const cwd = makeProject(files);
    const up = await runCli(['up'], { cwd, env: { DATABASE_URL: pooler.url(db.name) } });
    expect(up.code, up.stderr).toBe(0);
    const { rows } = await db.query(`SELECT id FROM safe_migrate.migrations ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual(['0001', '0002']);
  });
});
