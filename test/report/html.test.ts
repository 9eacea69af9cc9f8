// The HTML report rendered by a real headless Chromium (Debian `chromium`; .ci/run installs it):
// the page's script builds the plan, colours and rollout timeline, and we assert what it shows.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeProject, runCli, writeFiles } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const chromium = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

function renderedText(file: string): string {
  if (!chromium) throw new Error('Chromium is needed for this test: apt-get install chromium (or set CHROMIUM_PATH)');
  const profile = mkdtempSync(join(tmpdir(), 'safe-migrate-chromium-'));
  const dom = execFileSync(
    chromium,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--dump-dom', `file://${file}`],
    { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  // Visible text: drop the embedded data and scripts, then the tags.
  return dom.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

describe('safe-migrate report --html', () => {
  it('renders the pending plan with its blockers, the colours and the rollout timeline', async () => {
    const cwd = makeProject({
      'migrations/0001_create.sql': 'CREATE TABLE deployments (id bigint PRIMARY KEY, name text);',
      'migrations/0002_add_notes.sql': 'ALTER TABLE deployments ADD COLUMN notes text;',
    });
    const cli = (...args: string[]) => runCli(args, { cwd, env: { DATABASE_URL: db.url } });
    expect((await cli('up', '--release', 'r1')).code).toBe(0);
    expect((await cli('colour', 'deploy', 'blue', '--release', 'r1')).code).toBe(0);
    expect((await cli('colour', 'switch', 'blue')).code).toBe(0);
    writeFiles(cwd, { 'migrations/0003_drop_name.sql': 'ALTER TABLE deployments DROP COLUMN name;' });
    const out = join(cwd, 'report.html');
    const report = await cli('report', '--html', out);
    expect(report.code).toBe(0);

    const text = renderedText(out);
    expect(text).toContain('safe-migrate report');
    expect(text).toContain('0003_drop_name blocked');
    expect(text).toContain('DROP COLUMN public.deployments.name is blocked: blue (live, release r1');
    expect(text).toMatch(/blue live r1 \d{4}-\d\d-\d\dT[\d:.]+Z schema snapshot/);
    expect(text).toContain('green empty — — nothing');
    expect(text).toMatch(/public\.deployments\.notes add-column expanded \d{4}-\d\d-\d\d \d\d:\d\d \(r1\) dual-written/);
  }, 120_000);
});
