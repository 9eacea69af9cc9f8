// Robustness over real migrations: every statement of every .sql file in the shared corpus
// (lemmy, harbor, documenso) is classified without crashing, and few are `unknown`. The files
// are read in place, never copied here: their licences differ from this repository's.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSql } from '../sql/index.js';
import { classifyInOrder, createContext, EFFECT_ORDER, nextMigrationContext } from './index.js';
import type { Classification } from './types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/public');
const exists = existsSync(corpus);

function sqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sqlFiles(full);
      return entry.name.endsWith('.sql') ? [full] : [];
    })
    .sort();
}

beforeAll(loadParser);

describe('shared corpus', () => {
  it.runIf(exists)(exists ? 'classifies every statement of ../shared/corpus/public' : 'skipped: ../shared/corpus/public is absent', () => {
    const files = sqlFiles(corpus);
    const parseFailures: string[] = [];
    const crashes: string[] = [];
    const unknownKinds = new Map<string, number>();
    let statements = 0;
    let unknown = 0;
    for (const file of files) {
      const parsed = parseSql(readFileSync(file, 'utf8'));
      if (parsed.error) {
        parseFailures.push(`${path.relative(corpus, file)}:${parsed.error.line}: ${parsed.error.message}`);
        continue;
      }
      // Whole files, one migration each; up/down markers do not occur in this corpus.
      const { classifications } = classifyInOrder(parsed.statements);
      if (classifications.length !== parsed.statements.length) crashes.push(`${path.relative(corpus, file)}: statements left unclassified`);
      statements += classifications.length;
      for (const c of classifications) {
        if (!EFFECT_ORDER.includes(c.effect)) crashes.push(`${path.relative(corpus, file)}: ${c.kind}: effect ${c.effect}`);
        if (c.notes.some((n) => n.startsWith('classifier error'))) crashes.push(`${path.relative(corpus, file)}: ${c.kind}: ${c.notes.join('; ')}`);
        if (c.effect === 'unknown') {
          unknown++;
          const key = `${c.kind}: ${c.notes.at(-1) ?? ''}`;
          unknownKinds.set(key, (unknownKinds.get(key) ?? 0) + 1);
        }
      }
    }
    const breakdown = [...unknownKinds].map(([key, n]) => `${n} × ${key}`).join('\n');
    const share = unknown / statements;
    expect(files.length).toBeGreaterThan(800);
    expect(statements).toBeGreaterThan(6000);
    expect(crashes, crashes.join('\n')).toEqual([]);
    expect(parseFailures.length, parseFailures.join('\n')).toBeLessThanOrEqual(2);
    expect(share, `${unknown} of ${statements} statements unknown (${(share * 100).toFixed(2)}%):\n${breakdown}`).toBeLessThan(0.03);
  });

  it.runIf(exists)(exists ? 'chains facts across each project\'s up migrations without crashing' : 'skipped: ../shared/corpus/public is absent', () => {
    for (const project of ['lemmy', 'harbor', 'documenso']) {
      let context = createContext();
      const ups = sqlFiles(path.join(corpus, project)).filter((f) => !f.endsWith('down.sql'));
      const all: Classification[] = [];
      for (const file of ups) {
        const parsed = parseSql(readFileSync(file, 'utf8'));
        if (parsed.error) continue;
        const result = classifyInOrder(parsed.statements, nextMigrationContext(context));
        context = result.context;
        all.push(...result.classifications);
      }
      expect(all.filter((c) => c.notes.some((n) => n.startsWith('classifier error')))).toEqual([]);
      // Facts learnt from CREATE TABLE / ADD COLUMN across the history.
      expect(context.columns.size).toBeGreaterThan(100);
    }
  });
});
