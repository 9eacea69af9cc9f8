// Docs that run: every `npx safe-migrate …` line in the README's "## Quick start" and "## Tour"
// sections is executed, in order, as `node bin/safe-migrate.js …` in a temp copy of the example
// (migrations-example/ + safe-migrate.config.json, on PGlite). A line is expected to exit 0 unless
// its comment says otherwise ("# … exits 1 …"). Needs `npm run build` first.
// SAFE_MIGRATE_README=<file> runs another README (to try a change before making it).
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const README = resolve(repoRoot, process.env.SAFE_MIGRATE_README ?? 'README.md');
const SECTIONS = /^## (Quick start|Tour)\b/;

interface Step {
  line: string;
  args: string[];
  expect: number;
}

/** The ```sh blocks of the sections this test runs. */
function shellBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let inSection = false;
  for (const part of markdown.split(/^(?=## )/m)) {
    inSection = SECTIONS.test(part);
    if (!inSection) continue;
    for (const m of part.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```$/gm)) blocks.push(m[1]!);
  }
  return blocks;
}

/** Splits a command line like a shell would for simple cases: whitespace, '…' and "…" quotes. */
function words(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]!);
}

function steps(markdown: string): Step[] {
  const out: Step[] = [];
  for (const block of shellBlocks(markdown)) {
    for (const raw of block.split('\n')) {
      const line = raw.trim();
      const m = /^npx safe-migrate\b(.*?)(?:\s+#\s*(.*))?$/.exec(line);
      if (!m) continue;
      const code = /\bexits? (\d+)\b/.exec(m[2] ?? '');
      out.push({ line, args: words(m[1]!), expect: code ? Number(code[1]) : 0 });
    }
  }
  return out;
}

describe('the README quick start', () => {
  const markdown = readFileSync(README, 'utf8');
  const all = steps(markdown);

  it('has commands to run', () => {
    expect(shellBlocks(markdown).length).toBeGreaterThan(0);
    expect(all.map((s) => s.args[0])).toContain('up');
  });

  it('understands comments and quotes', () => {
    expect(steps('## Tour\n\n```sh\nnpx safe-migrate lint --format json   # exits 1: findings\nnpx safe-migrate up --release "r 1"\n```\n')).toEqual([
      { line: 'npx safe-migrate lint --format json   # exits 1: findings', args: ['lint', '--format', 'json'], expect: 1 },
      { line: 'npx safe-migrate up --release "r 1"', args: ['up', '--release', 'r 1'], expect: 0 },
    ]);
  });

  it('runs every command in order with the exit code the README states', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sm-readme-'));
    cpSync(join(repoRoot, 'migrations-example'), join(cwd, 'migrations-example'), { recursive: true });
    cpSync(join(repoRoot, 'safe-migrate.config.json'), join(cwd, 'safe-migrate.config.json'));
    for (const step of all) {
      const run = await runCli(step.args, { cwd, timeoutMs: 120_000 });
      expect(run.code, `${step.line}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`).toBe(step.expect);
    }
    // The README says where the embedded database lives.
    const config = JSON.parse(readFileSync(join(cwd, 'safe-migrate.config.json'), 'utf8')) as { database: string };
    if (markdown.includes('.safe-migrate/quickstart')) {
      expect(config.database).toBe('pglite:.safe-migrate/quickstart');
      expect(existsSync(join(cwd, '.safe-migrate/quickstart'))).toBe(true);
    }
  }, 300_000);
});
