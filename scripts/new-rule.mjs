#!/usr/bin/env node
// Scaffolds a lint rule the way the existing ones are written (squawk's `xtask new-rule`):
// src/lint/rules/<id>.ts, its test beside it, and docs/rules/<id>.md, then prints what to add
// to the registry (src/lint/rules/index.ts) and the docs/rules.md index.
// Usage: node scripts/new-rule.mjs <rule-id> [--severity warning|error] [--group "locks and rewrites"]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  process.stderr.write(`new-rule: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { id: undefined, severity: 'warning', group: 'hygiene' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--severity' || arg === '--group') args[arg.slice(2)] = argv[++i];
    else if (arg.startsWith('-')) fail(`unknown option ${arg}. Usage: node scripts/new-rule.mjs <rule-id> [--severity warning|error] [--group <group>]`);
    else if (args.id === undefined) args.id = arg;
    else fail(`unexpected argument ${arg}`);
  }
  if (!args.id) fail('missing rule id. Usage: node scripts/new-rule.mjs <rule-id> [--severity warning|error] [--group <group>]');
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(args.id)) fail(`rule id "${args.id}" must be kebab-case, e.g. prefer-text`);
  if (!['warning', 'error'].includes(args.severity)) fail(`--severity must be warning or error, got "${args.severity}"`);
  return args;
}

const camel = (id) => id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

function ruleSource({ id, severity }) {
  return `// TODO: why this is risky for blue-green releases, and which cases are exempt (e.g. tables created
// earlier in the pending set: no colour uses them yet).
import type { Rule } from '../types.js';
import { eachStatement } from './ast.js';

export const ${camel(id)}: Rule = {
  id: '${id}',
  description: 'TODO: the risk, in one sentence.',
  help: 'TODO: the safe alternative, in one sentence.',
  defaultSeverity: '${severity}',
  check(context) {
    // eachStatement allocates nothing for statements that return undefined: check the kind first.
    return eachStatement(context, (s, index) => {
      const { kind } = s.statement;
      // TODO: the real condition; s.statement.node is the libpg-query AST, s.classification the classifier's view.
      if (kind !== 'TODO') return;
      return { statementIndex: index };
    });
  },
};
`;
}

function testSource({ id }) {
  const name = camel(id);
  return `import { describe, expect, it } from 'vitest';
import { ${name} } from './${id}.js';
import { check, flagged } from './test-helper.js';

describe('${id}', () => {
  it('flags TODO', async () => {
    const [finding] = await check(${name}, 'TODO: SQL the rule flags');
    expect(finding).toMatchObject({ statementIndex: 0 });
  });

  it('allows TODO', async () => {
    expect(await flagged(${name}, 'SELECT 1')).toEqual([]);
  });

  it('points at the flagged statement', async () => {
    expect(await flagged(${name}, 'SELECT 1;\\nTODO: SQL the rule flags')).toEqual([1]);
  });
});
`;
}

function docPage({ id, severity, group }) {
  return `# ${id}

**Severity:** ${severity} · **Group:** ${group}

## Problem

TODO: what goes wrong for the live or idle colour, and when.

## Solution

TODO: the safe alternative, step by step when it spans releases.

## Bad

\`\`\`sql
TODO: SQL the rule flags;
\`\`\`

## Good

\`\`\`sql
SELECT 1;
\`\`\`

## Ignore

TODO: when ignoring it is reasonable.

\`\`\`sql
-- safe-migrate-ignore ${id} -- TODO: the reason
TODO: SQL the rule flags;
\`\`\`

Or for a whole file: \`-- safe-migrate-ignore-file ${id} -- <reason>\`. To change its severity or turn it off everywhere, set \`"${id}"\` under \`lint.rules\` in the config. Ignores silence lint only; they never bypass the gate.
`;
}

const args = parseArgs(process.argv.slice(2));
const files = [
  [join(root, 'src', 'lint', 'rules', `${args.id}.ts`), ruleSource(args)],
  [join(root, 'src', 'lint', 'rules', `${args.id}.test.ts`), testSource(args)],
  [join(root, 'docs', 'rules', `${args.id}.md`), docPage(args)],
];
const existing = files.filter(([path]) => existsSync(path)).map(([path]) => relative(root, path));
if (existing.length > 0) fail(`${existing.join(', ')} already exist; pick another id or delete them first`);
for (const [path, content] of files) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { flag: 'wx' });
  process.stdout.write(`created ${relative(root, path)}\n`);
}
process.stdout.write(`
Now register it (keep both lists sorted by id):
  src/lint/rules/index.ts   import { ${camel(args.id)} } from './${args.id}.js';
                            ${camel(args.id)},   (in the rules array)
  docs/rules.md             | [\`${args.id}\`](rules/${args.id}.md) | ${args.severity} | TODO: the description |   (under ${args.group})
Then fill in the TODOs and run: npx vitest run src/lint/rules/${args.id} src/lint/rules/registry src/lint/rules/docs-examples
`);
