// Keeps the registry, the rule files and docs/rules/ in step (one rule = one file + test + page),
// and pins the rule ids to spec §8.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from './index.js';

const SPEC_IDS = [
  // expand/contract
  'drop-table', 'drop-column', 'rename-table', 'rename-column', 'rename-object', 'change-column-type', 'set-not-null',
  'add-required-column', 'drop-default', 'drop-not-null', 'add-write-restriction', 'drop-object', 'truncate',
  'delete-without-where', 'expand-and-contract-together', 'backfill-too-early', 'unknown-statement',
  // locks and rewrites
  'require-concurrent-index', 'require-concurrent-index-drop', 'require-concurrent-reindex', 'concurrently-in-transaction',
  'constraint-missing-not-valid', 'validate-in-same-transaction', 'set-not-null-needs-check', 'volatile-default',
  'stored-generated-column', 'table-rewrite-type-change', 'unique-without-index', 'exclusion-constraint', 'prefer-jsonb',
  'vacuum-full', 'truncate-cascade', 'unbatched-backfill', 'enum-value-in-transaction', 'fk-without-index',
  // hygiene
  'prefer-bigint', 'prefer-identity', 'prefer-text', 'prefer-timestamptz', 'ban-char', 'identifier-too-long',
  'prefer-robust-statements', 'missing-down', 'syntax-error', 'unused-ignore',
];

const rulesDir = new URL('./', import.meta.url);
const docsDir = new URL('../../../docs/rules/', import.meta.url);
const ids = rules.map((r) => r.id);
const camel = (id: string) => id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

describe('rule registry', () => {
  it('holds exactly the rule ids of spec §8', () => {
    expect([...ids].sort()).toEqual([...SPEC_IDS].sort());
  });

  it('is sorted by id, with unique kebab-case ids', () => {
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it('gives every rule a one-sentence description and help, and a valid severity', () => {
    for (const rule of rules) {
      expect(rule.description, rule.id).toMatch(/^[A-Z`'a-z].*\.$/);
      expect(rule.help, rule.id).toMatch(/^[A-Z`'a-z].*\.$/);
      expect(['error', 'warning'], rule.id).toContain(rule.defaultSeverity);
    }
  });

  it('has one source file, named export and test per rule, and nothing else', () => {
    const files = readdirSync(rulesDir).filter((f) => f.endsWith('.ts'));
    const support = new Set(['index.ts', 'ast.ts', 'test-helper.ts', 'registry.test.ts', 'docs-examples.test.ts']);
    const sources = files.filter((f) => !f.endsWith('.test.ts') && !support.has(f)).map((f) => f.replace(/\.ts$/, ''));
    const tests = files.filter((f) => f.endsWith('.test.ts') && !support.has(f)).map((f) => f.replace(/\.test\.ts$/, ''));
    expect(sources.sort()).toEqual([...ids].sort());
    expect(tests.sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(readFileSync(new URL(`${id}.ts`, rulesDir), 'utf8'), id).toContain(`export const ${camel(id)}: Rule = {`);
    }
  });

  it('matches docs/rules/*.md one to one', () => {
    const pages = readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, ''));
    expect(pages.sort()).toEqual([...ids].sort());
  });

  it('gives each page its id as title, its severity and the parts every page has', () => {
    for (const rule of rules) {
      const page = readFileSync(new URL(`${rule.id}.md`, docsDir), 'utf8');
      expect(page.split('\n')[0], rule.id).toBe(`# ${rule.id}`);
      expect(page, rule.id).toContain(`**Severity:** ${rule.defaultSeverity}`);
      for (const part of ['## Problem', '## Solution', '## Bad', '## Good', '## Ignore']) expect(page, `${rule.id}: ${part}`).toContain(part);
      // Engine-made findings cannot be silenced by a comment; every other page shows how.
      const ignorable = new RegExp(`safe-migrate-ignore(-file)? ${rule.id} -- \\S`);
      if (rule.id === 'syntax-error' || rule.id === 'unused-ignore') expect(page, rule.id).toContain('cannot be');
      else expect(page, rule.id).toMatch(ignorable);
    }
  });

  it('lists every rule in the docs/rules.md index with its severity', () => {
    const index = readFileSync(new URL('../rules.md', docsDir), 'utf8');
    for (const rule of rules) expect(index, rule.id).toMatch(new RegExp(`\\[\`${rule.id}\`\\]\\(rules/${rule.id}\\.md\\) \\| ${rule.defaultSeverity} \\|`));
  });
});
