// The rollout ledger (spec §6.1) applies to `safe-migrate backfill` as to a backfill in a
// migration: while the column's rollout is `expanded` and the idle colour runs a release from
// before the column existed, rows that colour writes would be NULL again — blocked, exit 3,
// nothing written. Once both colours were redeployed it runs; --override-gate runs it anyway
// and records the reason and the blockers in the audit log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFiles } from '../helpers/cli.js';
import { fixture, type Fixture } from './support.js';

let fx: Fixture;
beforeEach(async () => {
  fx = await fixture({ 'migrations/0001_items.sql': 'CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL);' });
});
afterEach(async () => {
  await fx.db.drop();
});

/** r0 live on blue; r1 adds items.label (expanded) and goes live on green; blue (idle, r0) predates label. */
async function expandedWithOldIdleColour(): Promise<void> {
  const ok = async (...args: string[]) => {
    const run = await fx.cli(...args);
    expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  };
  await ok('up', '--release', 'r0');
  await ok('colour', 'deploy', 'blue', '--release', 'r0');
  await ok('colour', 'switch', 'blue');
  await fx.db.query(`INSERT INTO items (id, name) SELECT g, 'item ' || g FROM generate_series(1, 2000) g`);
  writeFiles(fx.cwd, { 'migrations/0002_item_label.sql': 'ALTER TABLE items ADD COLUMN label text;' });
  await ok('up', '--release', 'r1');
  await ok('colour', 'deploy', 'green', '--release', 'r1');
  await ok('colour', 'switch', 'green');
}

async function labelled(): Promise<number> {
  return (await fx.db.query(`SELECT count(label)::int AS n FROM items`)).rows[0].n;
}

const BLOCKED = 'blocked: backfill of public.items.label is blocked by the rollout ledger: blue (idle, r0) was deployed before label existed and does not write it; rows it writes would be NULL again. Redeploy blue with a release that writes label (or retire blue), then run again.';

describe('backfill and the rollout ledger', () => {
  it('is blocked (exit 3, nothing written) while the idle colour predates the column, and runs once both colours were redeployed', async () => {
    await expandedWithOldIdleColour();
    const blocked = await fx.cli('backfill', 'items', '--set', 'label = upper(name)');
    expect(blocked.code).toBe(3);
    expect(blocked.stderr.split('\n')).toContain(BLOCKED);
    expect(blocked.stderr).toContain('Nothing was backfilled.');
    expect(await labelled()).toBe(0);
    const json = await fx.cli('backfill', 'items', '--set', 'label = upper(name)', '--format', 'json');
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'blocked', rows: 0, blockers: [{ object: 'public.items.label', colour: 'blue', state: 'idle', release: 'r0' }] });
    const progress = await fx.db.query(`SELECT count(*)::int AS n FROM safe_migrate.backfills`);
    expect(progress.rows[0].n).toBe(0);

    // blue gets r1 too: both colours write label, the rollout is dual-written.
    expect((await fx.cli('colour', 'deploy', 'blue', '--release', 'r1')).code).toBe(0);
    const allowed = await fx.cli('backfill', 'items', '--set', 'label = upper(name)', '--release', 'r2');
    expect(allowed.stderr).not.toMatch(/blocked|warning/);
    expect(allowed.code).toBe(0);
    expect(await labelled()).toBe(2000);
    const events = await fx.db.query(`SELECT action, release FROM safe_migrate.events WHERE target = 'public.items.label'`);
    expect(events.rows).toEqual([{ action: 'backfill', release: 'r2' }]);
  });

  it('--override-gate runs it anyway and records the reason and the blockers', async () => {
    await expandedWithOldIdleColour();
    const run = await fx.cli('backfill', 'items', '--set', 'label = upper(name)', '--override-gate', 'r0 never inserts items', '--release', 'r1-hotfix');
    expect(run.code).toBe(0);
    expect(await labelled()).toBe(2000);
    const events = await fx.db.query(`SELECT action, target, release, reason, details FROM safe_migrate.events WHERE target = 'public.items.label' ORDER BY id`);
    expect(events.rows.map((e) => e.action)).toEqual(['override', 'backfill']);
    expect(events.rows[0]).toMatchObject({
      target: 'public.items.label',
      release: 'r1-hotfix',
      reason: 'r0 never inserts items',
      details: { backfill: 'public.items.label', set: 'label = upper(name)', blockers: [{ change: 'backfill of public.items.label', object: 'public.items.label', colour: 'blue', state: 'idle', release: 'r0' }] },
    });
  });
});
