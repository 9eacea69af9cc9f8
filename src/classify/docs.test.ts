// docs/classification.md carries the table of statement kinds and of ALTER TABLE subcommands
// generated from the code, so the two cannot drift. `UPDATE_DOCS=1 npx vitest run src/classify/docs`
// rewrites the generated parts after a change to kinds.ts or alter-table.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALTER_TABLE_COMMANDS, statementKinds } from './index.js';

const docPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/classification.md');

const cell = (text: string | undefined) => (text ?? '—').replaceAll('|', '\\|');

function kindsTable(): string {
  const rows = statementKinds.map((k) => `| \`${k.kind}\` | ${cell(k.description)} | ${cell(k.effect)} | ${cell(k.lock)} | ${cell(k.rewriteScan)} | ${cell(k.breaks)} |`);
  return ['| kind | statement | effect | lock | rewrite / scan | breaks |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function commandsTable(): string {
  const rows = Object.entries(ALTER_TABLE_COMMANDS).map(([subtype, c]) => `| \`${subtype}\` | ${cell(c.effect)} | ${cell(c.lock)} | ${cell(c.rewriteScan)} |`);
  return ['| subcommand | effect | lock | rewrite / scan |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function replaceBlock(doc: string, name: string, body: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/classification.md lacks the ${start} … ${end} markers`);
  return `${doc.slice(0, from + start.length)}\n${body}\n${doc.slice(to)}`;
}

describe('docs/classification.md', () => {
  const expected = replaceBlock(replaceBlock(readFileSync(docPath, 'utf8'), 'kinds', kindsTable()), 'alter-table', commandsTable());
  if (process.env.UPDATE_DOCS === '1') writeFileSync(docPath, expected);
  const doc = readFileSync(docPath, 'utf8');

  it('lists every statement kind and ALTER TABLE subcommand exactly as the code classifies them', () => {
    expect(doc, 'regenerate with UPDATE_DOCS=1 npx vitest run src/classify/docs').toBe(expected);
  });

  it('names every kind of the table', () => {
    for (const { kind } of statementKinds) expect(doc).toContain(`\`${kind}\``);
    for (const subtype of Object.keys(ALTER_TABLE_COMMANDS)) expect(doc).toContain(`\`${subtype}\``);
  });
});
