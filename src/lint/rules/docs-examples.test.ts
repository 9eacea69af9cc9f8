// Docs that run: every rule page's "Bad" example must be flagged by its rule, its "Good" example
// must pass (ignore comments applied, as the engine does), and its "Ignore" example must silence
// a finding that is there without the comment. In a Good block, a comment line
// starting a new release (`-- release …`) starts a fresh pending set; one starting a new migration
// of the same release (`-- migration …`, `-- 20261123T0900_….sql`) makes what came before an earlier file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from './index.js';
import { check } from './test-helper.js';

const docsDir = new URL('../../../docs/rules/', import.meta.url);
// The engine emits these itself; their pages show SQL but no check runs over statements.
const ENGINE_RULES = new Set(['syntax-error', 'unused-ignore']);

function sqlBlock(page: string, heading: string): string {
  // The first SQL block after the heading (the Ignore section has a sentence before it).
  const match = new RegExp(`## ${heading}\\n[\\s\\S]*?\`\`\`sql\\n([\\s\\S]*?)\`\`\``).exec(page);
  if (!match) throw new Error(`no ${heading} SQL block`);
  return match[1]!;
}

/** Splits a Good block into releases, each a list of migrations. */
function releases(sql: string): string[][] {
  const result: string[][] = [[]];
  let current: string[] = [];
  const flush = () => {
    if (current.some((line) => line.trim() !== '' && !line.trim().startsWith('--'))) result[result.length - 1]!.push(current.join('\n'));
    current = [];
  };
  for (const line of sql.split('\n')) {
    if (/^-- release\b/i.test(line)) {
      flush();
      result.push([]);
    } else if (/^-- (migration\b|\d{8}T\d{4})/i.test(line)) {
      flush();
    }
    current.push(line);
  }
  flush();
  return result.filter((r) => r.length > 0);
}

describe('rule pages', () => {
  for (const rule of rules.filter((r) => !ENGINE_RULES.has(r.id))) {
    const page = readFileSync(new URL(`${rule.id}.md`, docsDir), 'utf8');
    const options = rule.id === 'missing-down' ? { hasDown: false } : {};

    it(`${rule.id}: the Bad example is flagged`, async () => {
      expect((await check(rule, sqlBlock(page, 'Bad'), { ...options, applyIgnores: true })).length).toBeGreaterThan(0);
    });

    it(`${rule.id}: the Ignore example silences a real finding`, async () => {
      const sql = sqlBlock(page, 'Ignore');
      expect(sql).toMatch(new RegExp(`-- safe-migrate-ignore(-file)? ${rule.id} -- \\S`));
      expect((await check(rule, sql, options)).length).toBeGreaterThan(0);
      expect(await check(rule, sql, { ...options, applyIgnores: true })).toEqual([]);
    });

    it(`${rule.id}: the Good example passes`, async () => {
      for (const release of releases(sqlBlock(page, 'Good'))) {
        for (const [i, migration] of release.entries()) {
          const good = rule.id === 'missing-down' ? { hasDown: true } : {};
          const findings = await check(rule, migration, { ...good, earlier: release.slice(0, i), applyIgnores: true });
          expect(findings, migration).toEqual([]);
        }
      }
    });
  }
});
