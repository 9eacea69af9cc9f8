// `safe-migrate lint` over real migrations: all 886 files of the shared corpus (lemmy's diesel
// directories, harbor's golang-migrate files, documenso's Prisma directories), read in place —
// never copied here: their licences differ from this repository's. Skipped, saying so, when the
// corpus folder is absent.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../files/index.js';
import { lint } from './engine.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/public');
const exists = existsSync(corpus);

const PROJECTS = [
  ['lemmy', 'lemmy/migrations', 684],
  ['harbor', 'harbor/make/migrations/postgresql', 39],
  ['documenso', 'documenso/packages/prisma/migrations', 163],
] as const;

describe('lint over the shared corpus', () => {
  it.runIf(exists)(exists ? 'lints every file and statement of ../shared/corpus/public without crashing, under 3% unknown' : 'skipped: ../shared/corpus/public is absent', async () => {
    let files = 0;
    let statements = 0;
    let unknown = 0;
    let syntaxErrors = 0;
    for (const [, dir, expectedFiles] of PROJECTS) {
      const input = await readMigrations(path.join(corpus, dir), { cwd: corpus });
      expect(input.problems).toEqual([]);
      const report = await lint(input, {});
      expect(report.files).toHaveLength(expectedFiles);
      files += report.files.length;
      statements += report.summary.statements;
      unknown += report.files.reduce((n, f) => n + f.statements.filter((s) => s.effect === 'unknown').length, 0);
      syntaxErrors += report.files.reduce((n, f) => n + f.findings.filter((x) => x.rule === 'syntax-error').length, 0);
      for (const file of report.files) for (const s of file.statements) expect(s.objects, `${file.path}:${s.line}`).toBeDefined();
    }
    expect(files).toBe(886);
    // Every statement reported: 6,200 as split by libpg-query (shared/corpus/public/SOURCES.md).
    expect(statements).toBe(6_200);
    expect(syntaxErrors).toBe(0);
    expect(unknown / statements).toBeLessThan(0.03);
  }, 120_000);
});
