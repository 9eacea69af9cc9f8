// R9: rollback of every step type gives back the pre-step schema, keeping the data of what
// it does not drop; a rollback killed at each fault point leaves a state the next run (or the
// documented repair) resolves. (Rollback while a colour uses the object: the gate's tests.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { assertInvariants, dumpDiff, readLedger, schemaDump } from '../helpers/invariants.js';
import { runChild } from './support.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

const FILES: Record<string, string> = {
  'migrations/0001_base.sql': `-- migrate:up
CREATE TABLE base (id int PRIMARY KEY, v text NOT NULL);
INSERT INTO base SELECT g, 'v' || g FROM generate_series(1, 2000) g;
-- migrate:down
DROP TABLE base;
`,
  // Transactional: columns, a table, a type and a function.
  'migrations/0002_tx.sql': `-- migrate:up
ALTER TABLE base ADD COLUMN note text DEFAULT 'n';
CREATE TYPE status AS ENUM ('new', 'done');
CREATE TABLE side (id int PRIMARY KEY, s status NOT NULL DEFAULT 'new');
CREATE FUNCTION side_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM side $$;
-- migrate:down
DROP FUNCTION side_count();
DROP TABLE side;
DROP TYPE status;
ALTER TABLE base DROP COLUMN note;
`,
  // Autocommit: CREATE / DROP INDEX CONCURRENTLY.
  'migrations/0003_cic.sql': `-- migrate:up
CREATE INDEX CONCURRENTLY base_v_idx ON base (v);
-- migrate:down
DROP INDEX CONCURRENTLY base_v_idx;
`,
  // A knex module (its own transaction on a knex connection).
  'migrations/0004_knex.mjs': `export async function up(knex) {
  await knex.schema.createTable('k', (t) => { t.increments('id'); t.integer('base_id').references('base.id'); });
  await knex.schema.alterTable('base', (t) => { t.integer('k_count').notNullable().defaultTo(0); });
}
export async function down(knex) {
  await knex.schema.alterTable('base', (t) => { t.dropColumn('k_count'); });
  await knex.schema.dropTable('k');
}
`,
  // Mixed: transactional, autocommit, transactional steps in one migration.
  'migrations/0005_mixed.sql': `-- migrate:up
ALTER TABLE base ADD COLUMN m int;
CREATE INDEX CONCURRENTLY base_m_idx ON base (m);
CREATE VIEW base_m AS SELECT id, m FROM base;
-- migrate:down
DROP VIEW base_m;
DROP INDEX CONCURRENTLY base_m_idx;
ALTER TABLE base DROP COLUMN m;
`,
};
const IDS = ['0001', '0002', '0003', '0004', '0005'];

const dump = () => schemaDump(db, { ledger: false });
async function ledgerIds(): Promise<string[]> {
  return (await readLedger(db)).map((r) => (r.state === 'applied' ? r.id : `${r.id}:${r.state}:${r.direction}`));
}
function expectSameSchema(actual: string[], expected: string[], what: string): void {
  expect(dumpDiff(expected, actual), what).toEqual([]);
}

describe('rollback (R9)', () => {
  it('of each step type restores the pre-step schema, keeping the rows of what stays', async () => {
    const cwd = makeProject(FILES);
    const env = { DATABASE_URL: db.url };
    const before: string[][] = [await dump()];
    for (const id of IDS) {
      const up = await runCli(['up', '--to', id], { cwd, env });
      expect(up.code, up.stderr).toBe(0);
      before.push(await dump());
    }
    await db.query(`UPDATE base SET v = v || '!' WHERE id % 7 = 0`); // data written meanwhile must survive the downs
    for (let i = IDS.length; i >= 1; i--) {
      const down = await runCli(['down'], { cwd, env });
      expect(down.code, down.stderr).toBe(0);
      expect(down.stderr).toContain(`rolled back ${IDS[i - 1]}_`);
      const now = await dump();
      const schemaOnly = (lines: string[]) => lines.filter((l) => !l.startsWith('data '));
      expectSameSchema(schemaOnly(now), schemaOnly(before[i - 1]!), `after rolling back ${IDS[i - 1]}`);
      expect(await ledgerIds()).toEqual(IDS.slice(0, i - 1));
      if (i > 1) {
        const { rows } = await db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE v LIKE '%!')::int AS edited FROM base`);
        expect(rows[0]).toEqual({ n: 2000, edited: 285 });
      }
      await assertInvariants(db, `${cwd}/migrations`);
    }
  });

  it('killed at each fault point: a transactional rollback leaves no trace, an autocommit one is named with its repair', async () => {
    const files = { ...FILES };
    delete files['migrations/0005_mixed.sql'];
    const cwd = makeProject(files);
    const env = { DATABASE_URL: db.url };
    const steps: string[][] = [];
    for (const id of ['0001', '0002', '0003', '0004']) {
      expect((await runCli(['up', '--to', id], { cwd, env })).code).toBe(0);
      steps.push(await dump());
    }
    const [, afterTx, afterCic, afterKnex] = steps;

    // The knex module's rollback transaction killed before it commits: as if it never ran.
    for (const fault of ['after-ddl:kill:0004', 'before-commit:kill:0004']) {
      const run = await runChild(['down'], { cwd, env: { ...env, SAFE_MIGRATE_FAULT: fault } });
      expect(run.signal, `${fault}: ${run.stderr}`).toBe('SIGKILL');
      expect(await ledgerIds(), fault).toEqual(['0001', '0002', '0003', '0004']);
      expectSameSchema(await dump(), afterKnex!, fault);
      await assertInvariants(db, `${cwd}/migrations`);
    }
    // …killed right after its commit: rolled back, as recorded.
    let run = await runChild(['down'], { cwd, env: { ...env, SAFE_MIGRATE_FAULT: 'after-commit:kill:0004' } });
    expect(run.signal).toBe('SIGKILL');
    expect(await ledgerIds()).toEqual(['0001', '0002', '0003']);
    expectSameSchema(await dump(), afterCic!, 'after-commit:kill:0004');
    await assertInvariants(db, `${cwd}/migrations`);

    // DROP INDEX CONCURRENTLY killed after it ran: recorded running (direction down); the next
    // up stops naming the migration and its repair, and after that repair the schema is the pre-step one.
    run = await runChild(['down'], { cwd, env: { ...env, SAFE_MIGRATE_FAULT: 'after-ddl:kill:0003' } });
    expect(run.signal).toBe('SIGKILL');
    expect(await ledgerIds()).toEqual(['0001', '0002', '0003:running:down']);
    const up = await runCli(['up'], { cwd, env });
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/0003_cic was interrupted during a rollback.*repair --applied 0003 or --rolled-back 0003/);
    await assertInvariants(db, `${cwd}/migrations`);
    expect((await runCli(['repair', '--rolled-back', '0003', '--reason', 'the index is gone'], { cwd, env })).code).toBe(0);
    expect(await ledgerIds()).toEqual(['0001', '0002']);
    expectSameSchema(await dump(), afterTx!, 'after repair --rolled-back 0003');

    // A transactional rollback killed before COMMIT, then run again.
    run = await runChild(['down'], { cwd, env: { ...env, SAFE_MIGRATE_FAULT: 'before-commit:kill:0002' } });
    expect(run.signal).toBe('SIGKILL');
    expectSameSchema(await dump(), afterTx!, 'before-commit:kill:0002');
    const down = await runCli(['down'], { cwd, env });
    expect(down.code, down.stderr).toBe(0);
    expectSameSchema(await dump(), steps[0]!, 'down 0002');
    expect(await ledgerIds()).toEqual(['0001']);
    await assertInvariants(db, `${cwd}/migrations`);
  });

  it('after a multi-step rollback was killed, down finishes or refuses it — it never rolls back another migration', async () => {
    const cwd = makeProject(FILES);
    const env = { DATABASE_URL: db.url };
    expect((await runCli(['up', '--to', '0004'], { cwd, env })).code).toBe(0);
    const before = await dump();
    expect((await runCli(['up'], { cwd, env })).code).toBe(0);
    // Killed after its first step (DROP VIEW) ran, before that step's ledger write.
    const run = await runChild(['down'], { cwd, env: { ...env, SAFE_MIGRATE_FAULT: 'after-ddl:kill:0005' } });
    expect(run.signal).toBe('SIGKILL');
    expect(await ledgerIds()).toEqual(['0001', '0002', '0003', '0004', '0005:running:down']);
    await assertInvariants(db, `${cwd}/migrations`);

    const again = await runCli(['down'], { cwd, env });
    // 0004 (the knex module) must not be touched while 0005's rollback is unfinished.
    const ledger = await ledgerIds();
    expect(ledger.slice(0, 4)).toEqual(['0001', '0002', '0003', '0004']);
    if (again.code === 0) {
      expect(ledger).toEqual(['0001', '0002', '0003', '0004']);
      expectSameSchema(await dump(), before, 'the finished rollback of 0005');
    } else {
      expect(again.stderr).toMatch(/0005_mixed/);
    }
    await assertInvariants(db, `${cwd}/migrations`);
  });
});
