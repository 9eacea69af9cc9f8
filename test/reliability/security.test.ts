// R12: names with `"`, `;` and newlines are quoted or bound everywhere safe-migrate builds SQL
// (internal schema, release, migration names, tables and indexes it looks up); a password in
// the URL never reaches stdout or stderr on any failure path; a non-superuser migrator works
// and a missing privilege is a clear error.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, inject } from 'vitest';
import { makeProject, runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startThrowawayCluster } from '../helpers/postgres-server.js';
import { assertInvariants, converge, prefetchReference, quoteIdent, readLedger, withClient } from '../helpers/invariants.js';
import { runChild, startCli, waitForMigratorQuery } from './support.js';

const adminUrl = () => inject('adminUrl');

describe('names that need quoting (R12)', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  const SCHEMA = 'we"ird;schema\nline two';
  const RELEASE = `r1'); DROP TABLE a; --"x`;

  it('an internal schema, a release and migration file names with quotes, semicolons and a newline', async () => {
    const cwd = makeProject({
      'migrations/0001_a.sql': '-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n',
      [`migrations/0002_we'ird;na"me.sql`]: '-- migrate:up\nCREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n-- migrate:down\nDROP INDEX CONCURRENTLY a_id_idx;\n',
      'migrations/0003_b.sql': '-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n',
    });
    const env = { DATABASE_URL: db.url };
    const args = ['--schema', SCHEMA];
    prefetchReference(cwd, { adminUrl: adminUrl(), args, schema: SCHEMA });
    const up = await runCli(['up', ...args, '--release', RELEASE], { cwd, env });
    expect(up.code, up.stderr).toBe(0);
    // Exactly the schema asked for, and nothing else created or dropped.
    const schemas = await db.query(`SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1`);
    expect(schemas.rows.map((r) => r.nspname)).toEqual(['public', SCHEMA]);
    const s = quoteIdent(SCHEMA);
    const ledger = await db.query(`SELECT id, name, release FROM ${s}.migrations ORDER BY applied_order`);
    expect(ledger.rows).toEqual([
      { id: '0001', name: '0001_a', release: RELEASE },
      { id: '0002', name: `0002_we'ird;na"me`, release: RELEASE },
      { id: '0003', name: '0003_b', release: RELEASE },
    ]);
    const events = await db.query(`SELECT DISTINCT release FROM ${s}.events WHERE action = 'up'`);
    expect(events.rows).toEqual([{ release: RELEASE }]);
    expect((await db.query(`SELECT to_regclass('public.a') IS NOT NULL AS a`)).rows[0].a).toBe(true);

    const status = await runCli(['status', ...args, '--format', 'json'], { cwd, env });
    expect(JSON.parse(status.stdout).migrations.map((m: any) => [m.name, m.state])).toEqual([
      ['0001_a', 'applied'],
      [`0002_we'ird;na"me`, 'applied'],
      ['0003_b', 'applied'],
    ]);
    const down = await runCli(['down', ...args, '--steps', '2'], { cwd, env });
    expect(down.code, down.stderr).toBe(0);
    expect((await db.query(`SELECT id FROM ${s}.migrations`)).rows).toEqual([{ id: '0001' }]);
    const log = await runCli(['log', ...args, '--format', 'json'], { cwd, env });
    expect(JSON.parse(log.stdout).events.map((e: any) => `${e.action}:${e.target}`)).toEqual(['up:0001', 'up:0002', 'up:0003', 'down:0003', 'down:0002']);
    await assertInvariants(db, `${cwd}/migrations`, { schema: SCHEMA });
    await converge(db, cwd, { adminUrl: adminUrl(), args, schema: SCHEMA });
  });

  it('tables and indexes with such names: a killed CONCURRENTLY step is verified, and lock blockers are named', async () => {
    const table = '"odd sch;ema"."ta;""ble"';
    const cwd = makeProject({
      'migrations/0001_t.sql': `CREATE SCHEMA "odd sch;ema";\nCREATE TABLE ${table} (id int);\nINSERT INTO ${table} SELECT generate_series(1, 100);\n`,
      'migrations/0002_idx.sql': `CREATE INDEX CONCURRENTLY "we""ird;idx" ON ${table} (id);\n`,
      'migrations/0003_col.sql': `ALTER TABLE ${table} ADD COLUMN "no""te;" text;\n`,
    });
    const env = { DATABASE_URL: db.url };
    const killed = await runChild(['up'], { cwd, env: { ...env, SAFE_MIGRATE_FAULT: 'after-ddl:kill:0002' } });
    expect(killed.signal).toBe('SIGKILL');
    expect((await readLedger(db)).map((r) => `${r.id}:${r.state}`)).toEqual(['0001:applied', '0002:running']);

    // The next run verifies the index by its quoted name, then waits for a reader of the table and names it.
    const reader = new pg.Client({ connectionString: db.url, application_name: 'odd-reader' });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query(`SELECT count(*) FROM ${table}`);
      const child = startCli(['up', '--lock-timeout', '100ms'], { cwd, env });
      await waitForMigratorQuery(db, '%ALTER TABLE%', { idleToo: true });
      await new Promise((r) => setTimeout(r, 700));
      await reader.query('COMMIT');
      const run = await child.done;
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/0002_idx: resuming interrupted migration/);
      expect(run.stderr).toMatch(/lock timeout on odd sch;ema\.ta;"ble \(attempt 1\), blocked by pid \d+ \(odd-reader/);
    } finally {
      await reader.end();
    }
    expect((await db.query(`SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('"odd sch;ema"."we""ird;idx"')`)).rows).toEqual([{ indisvalid: true }]);
    await assertInvariants(db, [
      { id: '0001', effects: [{ table: 'odd sch;ema.ta;"ble' }] },
      { id: '0002', effects: [{ index: 'odd sch;ema.we"ird;idx' }] },
      { id: '0003', effects: [{ column: 'odd sch;ema.ta;"ble.no"te;' }] },
    ]);
  });
});

describe('passwords never printed (R12)', () => {
  const PASSWORD = `S3cr3t-p@ss:w%rd/${randomBytes(3).toString('hex')}`;
  const WRONG = `Wr0ng-p@ss-${randomBytes(3).toString('hex')}`;
  let cluster: Awaited<ReturnType<typeof startThrowawayCluster>>;
  let dbName: string;
  let port: number;

  beforeAll(async () => {
    // A private cluster where the migrator role really needs its password (scram-sha-256).
    cluster = await startThrowawayCluster();
    port = cluster.port;
    dbName = `sm_secret_db`;
    await withClient(cluster.adminUrl, async (c) => {
      await c.query(`CREATE ROLE sm_secret LOGIN PASSWORD ${pg.escapeLiteral(PASSWORD)}`);
      await c.query(`CREATE DATABASE ${dbName} OWNER sm_secret`);
    });
    writeFileSync(join(cluster.dataDir, 'pg_hba.conf'), 'local all all trust\nhost all sm_secret 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\n');
    await withClient(cluster.adminUrl, (c) => c.query('SELECT pg_reload_conf()'));
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  const url = (password: string, rest: string) => `postgres://sm_secret:${encodeURIComponent(password)}@${rest}`;
  const secrets = () => [PASSWORD, encodeURIComponent(PASSWORD), WRONG, encodeURIComponent(WRONG)];
  function expectNoSecret(run: { stdout: string; stderr: string }, what: string): void {
    for (const secret of secrets()) {
      expect(run.stdout.includes(secret), `${what}: password in stdout:\n${run.stdout}`).toBe(false);
      expect(run.stderr.includes(secret), `${what}: password in stderr:\n${run.stderr}`).toBe(false);
    }
  }

  it('is required by the server: the right password works, a wrong one is refused', async () => {
    const cwd = makeProject({ 'migrations/0001_a.sql': 'CREATE TABLE a (id int);\n' });
    const ok = await runCli(['status', '--database', url(PASSWORD, `127.0.0.1:${port}/${dbName}`)], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`sm_secret@127.0.0.1:${port}/${dbName}`);
    const bad = await runCli(['status', '--database', url(WRONG, `127.0.0.1:${port}/${dbName}`)], { cwd });
    expect(bad.code).toBe(5);
    expect(bad.stderr).toMatch(/password authentication failed for user "sm_secret"/);
    expectNoSecret(ok, 'status');
    expectNoSecret(bad, 'wrong password');
  });

  it('on every failure path, in text and JSON, from --database, DATABASE_URL and the config file', async () => {
    const cwd = makeProject({
      'migrations/0001_a.sql': 'CREATE TABLE a (id int);\n',
      'migrations/0002_fails.sql': 'CREATE TABLE b (id int);\nSELECT 1 / 0;\n',
    });
    const good = url(PASSWORD, `127.0.0.1:${port}/${dbName}`);
    const cases: Array<[string, string, number[]]> = [
      ['bad host', url(PASSWORD, `no-such-host.invalid:${port}/${dbName}`), [5]],
      ['refused port', url(PASSWORD, `127.0.0.1:1/${dbName}`), [5]],
      ['bad password', url(WRONG, `127.0.0.1:${port}/${dbName}`), [5]],
      ['bad database', url(PASSWORD, `127.0.0.1:${port}/no_such_db`), [5]],
      ['malformed port', url(PASSWORD, `127.0.0.1:notaport/${dbName}`), [2, 5]],
      ['failing step', good, [4]],
    ];
    let n = 0;
    for (const [what, databaseUrl, codes] of cases) {
      // Rotate how the URL is given and the output format.
      const via = n++ % 3;
      const format = n % 2 === 0 ? ['--format', 'json'] : [];
      if (via === 2) writeFiles(cwd, { 'safe-migrate.config.json': JSON.stringify({ database: databaseUrl }) });
      else writeFiles(cwd, { 'safe-migrate.config.json': '{}' });
      const args = via === 0 ? ['up', '--database', databaseUrl, ...format] : ['up', ...format];
      const run = await runCli(args, { cwd, env: via === 1 ? { DATABASE_URL: databaseUrl } : {} });
      expect(codes, `${what}: exit ${run.code}: ${run.stderr}`).toContain(run.code);
      // The reason is reported: a `safe-migrate:` line on stderr, or (JSON, failed step) the failure object.
      const reported = /^safe-migrate: /m.test(run.stderr) || (format.length > 0 && run.stdout.trim() !== '' && JSON.parse(run.stdout).failure?.message);
      expect(reported, `${what}: ${run.stderr}${run.stdout}`).toBeTruthy();
      expectNoSecret(run, what);
    }
  });

  it('while waiting for the migration lock until --lock-wait runs out', async () => {
    const cwd = makeProject({ 'migrations/0001_a.sql': 'CREATE TABLE lockwait (id int);\n' });
    const holder = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/${dbName}`, application_name: 'holder' });
    await holder.connect();
    try {
      // Its own internal schema, so the earlier tests' ledger in this database does not matter.
      await holder.query(`SELECT pg_advisory_lock(${0x5afe}, hashtext('sm_lockwait'))`);
      for (const format of [[], ['--format', 'json']]) {
        const run = await runCli(['up', '--schema', 'sm_lockwait', '--lock-wait', '1s', ...format], { cwd, env: { DATABASE_URL: url(PASSWORD, `127.0.0.1:${port}/${dbName}`) } });
        expect(run.code).toBe(5);
        expect(run.stderr).toMatch(/migration lock was not obtained within 1s: held by pid \d+ \(holder/);
        expectNoSecret(run, 'lock wait');
      }
    } finally {
      await holder.end();
    }
  });
});

describe('a non-superuser migrator (R12)', () => {
  let db: TestDatabase;
  let role: string;
  beforeEach(async () => {
    db = await createTestDatabase();
    role = `sm_migrator_${randomBytes(4).toString('hex')}`;
    await withClient(adminUrl(), (c) => c.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`));
  });
  afterEach(async () => {
    await db.drop();
    await withClient(adminUrl(), (c) => c.query(`DROP ROLE IF EXISTS ${role}`));
  });

  const asRole = () => {
    const u = new URL(db.url);
    u.username = role;
    u.password = '';
    return u.toString();
  };

  it('without CREATE on the database: a clear error naming the grant, exit 2, nothing created', async () => {
    const cwd = makeProject({ 'migrations/0001_app.sql': 'CREATE SCHEMA app;\nCREATE TABLE app.t (id int);\n' });
    const run = await runCli(['up'], { cwd, env: { DATABASE_URL: asRole() } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`role "${role}" cannot create safe-migrate's tables in schema "safe_migrate": permission denied for database.*GRANT CREATE ON DATABASE "${db.name}" TO "${role}"`));
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect((await db.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname IN ('safe_migrate', 'app')`)).rows[0].n).toBe(0);
  });

  it('with CREATE on its database only: applies its migrations, owns the internal tables, and a missing privilege fails the step clearly', async () => {
    await db.query(`GRANT CREATE ON DATABASE ${quoteIdent(db.name)} TO ${role}`);
    const cwd = makeProject({
      'migrations/0001_app.sql': 'CREATE SCHEMA app;\nCREATE TABLE app.t (id int, v text);\nINSERT INTO app.t SELECT g, g::text FROM generate_series(1, 100) g;\n',
      'migrations/0002_idx.sql': 'CREATE INDEX CONCURRENTLY t_v_idx ON app.t (v);\n',
    });
    const env = { DATABASE_URL: asRole() };
    const up = await runCli(['up'], { cwd, env });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).not.toContain('superuser');
    const owner = await db.query(`SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'safe_migrate'`);
    expect(owner.rows).toEqual([{ owner: role }]);
    await assertInvariants(db, `${cwd}/migrations`);

    // public belongs to pg_database_owner (PostgreSQL 15): this role may not create there.
    writeFiles(cwd, { 'migrations/0003_public.sql': 'CREATE TABLE public.nope (id int);\n' });
    const denied = await runCli(['up'], { cwd, env });
    expect(denied.code).toBe(4);
    expect(denied.stderr).toMatch(/migrations\/0003_public\.sql:1:1: .*permission denied for schema public \[SQLSTATE 42501\]/);
    expect((await readLedger(db)).map((r) => r.id)).toEqual(['0001', '0002']);
    await assertInvariants(db, [
      { id: '0001', effects: [{ table: 'app.t' }] },
      { id: '0002', effects: [{ index: 'app.t_v_idx' }] },
      { id: '0003', effects: [{ table: 'public.nope' }] },
    ]);
  });
});
