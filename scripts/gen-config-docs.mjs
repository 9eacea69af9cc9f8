#!/usr/bin/env node
// Generates the reference docs that must match the code exactly:
//   - schema/config.schema.json and docs/config.md, from the one table of settings
//     (src/config/options.ts, compiled to dist/ by `npm run build`) and the lint rule registry;
//   - the `--help` blocks in docs/cli.md (between `<!-- help: <command> -->` and `<!-- /help -->`),
//     from the real CLI. The prose around them in docs/cli.md is written by hand.
// Never edit the generated parts by hand: change the code, build, then run this script.
//
//   node scripts/gen-config-docs.mjs           write the files
//   node scripts/gen-config-docs.mjs --check   exit 1 when a committed file differs (CI)
//
// test/ecosystem/config-docs.test.ts and cli-docs.test.ts render everything in memory and compare,
// so the files cannot drift from the code.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_FILE = 'schema/config.schema.json';
export const DOCS_FILE = 'docs/config.md';
export const CLI_DOCS_FILE = 'docs/cli.md';

/**
 * Durations accepted in config and flags; mirrors src/config/durations.ts (parseDuration). The
 * schema test checks both agree on a list of samples, so a change to one is caught.
 */
export const DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|sec|m|min|h)?\\s*$';

/** Where a setting can also come from, besides the file. Flags are checked against `--help` by the test. */
export const SOURCES = {
  database: { flag: '--database', env: 'DATABASE_URL' },
  migrationsDir: { flag: '--dir' },
  internalSchema: { flag: '--schema' },
  lockTimeout: { flag: '--lock-timeout' },
  lockWait: { flag: '--lock-wait' },
  allowOutOfOrder: { flag: '--allow-out-of-order', note: '(up)' },
  knexfile: { flag: '--knexfile' },
  knexEnv: { flag: '--env', env: 'NODE_ENV' },
};

/** Loads the compiled option table and rule registry. Needs `npm run build` first. */
export async function loadInputs(root = ROOT) {
  const dist = (file) => {
    const path = join(root, 'dist', file);
    if (!existsSync(path)) throw new Error(`${path} not found: run \`npm run build\` first`);
    return import(pathToFileURL(path).href);
  };
  const [{ OPTIONS, RULE_LEVELS }, { rules }] = await Promise.all([dist('config/options.js'), dist('lint/rules/index.js')]);
  return { options: OPTIONS, ruleLevels: [...RULE_LEVELS], ruleIds: rules.map((r) => r.id).sort() };
}

/** JSON Schema (draft-07, the draft editors support best) for safe-migrate.config.json. */
export function buildSchema({ options, ruleLevels, ruleIds }) {
  const properties = {
    $schema: { type: 'string', description: 'Path or URL of this JSON Schema, for editor completion and validation.' },
  };
  for (const [key, spec] of Object.entries(options)) {
    properties[key] = { description: spec.description, ...schemaFor(spec, ruleIds), ...(spec.default === undefined ? {} : { default: spec.default }) };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'safe-migrate configuration',
    description: 'safe-migrate.config.json. Generated from src/config/options.ts by scripts/gen-config-docs.mjs; see docs/config.md.',
    type: 'object',
    properties,
    additionalProperties: false,
    definitions: {
      duration: {
        description: 'Milliseconds as a number, or a string with a unit: "500ms", "10s", "2min", "1h".',
        anyOf: [
          { type: 'number', minimum: 0 },
          { type: 'string', pattern: DURATION_PATTERN },
        ],
      },
      ruleLevel: { enum: ruleLevels },
    },
  };
}

function schemaFor(spec, ruleIds) {
  switch (spec.type) {
    case 'string':
      return { type: 'string', minLength: 1, ...(spec.pattern ? { pattern: spec.pattern } : {}) };
    case 'boolean':
      return { type: 'boolean' };
    case 'integer':
      return { type: 'integer', minimum: 0 };
    case 'duration':
      return { $ref: '#/definitions/duration' };
    case 'string-array':
      return { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 };
    case 'rules':
      return {
        type: 'object',
        properties: Object.fromEntries(ruleIds.map((id) => [id, { $ref: '#/definitions/ruleLevel' }])),
        additionalProperties: false,
      };
    default:
      throw new Error(`gen-config-docs: no schema for option type "${spec.type}"; add it here`);
  }
}

export function renderSchema(inputs) {
  return `${JSON.stringify(buildSchema(inputs), null, 2)}\n`;
}

const TYPE_NAMES = {
  string: 'string',
  boolean: 'boolean',
  integer: 'integer ≥ 0',
  duration: '[duration](#durations)',
  'string-array': 'string[]',
  rules: '[rule levels](#lint-rule-levels)',
};

function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function defaultCell(value) {
  if (value === undefined) return '—';
  return `\`${JSON.stringify(value)}\``;
}

function settingsTable(options) {
  const rows = ['| key | type | default | flag / env | description |', '| --- | --- | --- | --- | --- |'];
  for (const [key, spec] of Object.entries(options)) {
    const source = SOURCES[key] ?? {};
    const from = [source.flag && `\`${source.flag}\`${source.note ? ` ${source.note}` : ''}`, source.env && `\`${source.env}\``].filter(Boolean).join(', ') || '—';
    rows.push(`| \`${key}\` | ${TYPE_NAMES[spec.type] ?? spec.type} | ${defaultCell(spec.default)} | ${from} | ${cell(spec.description)} |`);
  }
  return rows.join('\n');
}

/** docs/config.md: the prose below is hand-written here; the settings table comes from options.ts. */
export function renderDocs({ options, ruleLevels }) {
  return `# Configuration

<!-- Generated by scripts/gen-config-docs.mjs from src/config/options.ts. Do not edit by hand:
     change options.ts (or the prose in the script), run \`npm run build\`, then \`npm run docs:gen\`. -->

safe-migrate needs little configuration: a database and a migrations directory. Everything else has a default chosen for blue-green releases. Settings are read once, by \`loadConfig\`, and validated all together before anything runs.

## Where settings come from

From strongest to weakest:

1. **Command-line flags** — \`--database\`, \`--dir\`, \`--schema\`, \`--lock-timeout\`, \`--lock-wait\`, \`--knexfile\`, \`--env\`, \`--config\` (and \`--allow-out-of-order\` on \`up\`). See [cli.md](cli.md).
2. **Environment** — \`DATABASE_URL\` for the database; \`NODE_ENV\` picks the knexfile environment when \`--env\`/\`knexEnv\` is not set.
3. **The config file** — \`safe-migrate.config.json\` (or \`.mjs\`/\`.js\`), described below.
4. **A knexfile**, when \`knexfile\` is set — only for the connection and the migrations directory.
5. **Defaults** — the table below.

So the database is \`--database\`, else \`DATABASE_URL\`, else \`"database"\` in the config file, else the knexfile's connection. With none of these, commands that need a database stop with exit 2 and say how to set one; \`lint\` never needs one.

## The config file

\`safe-migrate.config.json\`, \`safe-migrate.config.mjs\` or \`safe-migrate.config.js\` — looked for in the working directory, then in each parent directory up to the root; the first directory that has one wins (in that order of names). \`--config <file>\` names one explicitly.

\`\`\`json
{
  "$schema": "./node_modules/safe-migrate/schema/config.schema.json",
  "database": "postgres://app@db.internal:5432/app",
  "migrationsDir": "db/migrations",
  "lockTimeout": "1s",
  "rules": { "prefer-text": "off", "drop-not-null": "error" }
}
\`\`\`

- Relative \`migrationsDir\` and \`knexfile\` paths in the file are relative to **the file's directory**; paths given as flags are relative to the working directory. A relative \`pglite:<dir>\` is resolved against the working directory (wherever it is set), so run PGlite commands from the project root.
- **Unknown keys and bad values are all reported at once**, each on its own line, and the command exits 2 before touching anything:

  \`\`\`text
  safe-migrate: safe-migrate.config.json: "lockTimeout" must be a duration such as 500, "500ms", "10s" or "2min", got "soon" — fix the settings listed (see docs/config.md)
  safe-migrate: safe-migrate.config.json: unknown key "colour" (known: database, migrationsDir, …)
  \`\`\`

- Flags are validated the same way (\`--lock-timeout soon\` is exit 2).
- \`safe-migrate init\` writes a starting file.

### Editor completion: \`$schema\`

The package ships a JSON Schema for the file, [\`schema/config.schema.json\`](../schema/config.schema.json). Point \`$schema\` at it (as \`init\` does) and editors that understand JSON Schema (VS Code, JetBrains IDEs, …) complete keys, show the descriptions below on hover and flag bad values as you type. \`$schema\` itself is ignored by safe-migrate.

### JavaScript config: \`.mjs\` / \`.js\`

A \`safe-migrate.config.mjs\` (or \`.js\`; ES module or CommonJS, as your package.json says) default-exports either an object or a function (may be \`async\`) returning one — useful to compute values or read a secret store. The result is validated exactly like the JSON file.

\`\`\`js
// safe-migrate.config.mjs
export default async () => ({
  database: process.env.MIGRATOR_DATABASE_URL,
  migrationsDir: 'db/migrations',
  lockTimeout: process.env.CI ? '2s' : '500ms',
});
\`\`\`

An error thrown while loading the module is reported as a usage error (exit 2) naming the file.

### Reusing a knexfile

Knex users need not copy their connection settings: \`--knexfile knexfile.js --env production\` (or \`"knexfile"\`/\`"knexEnv"\` in the config file) takes the connection and \`migrations.directory\` from the knexfile.

- The environment is \`--env\`, else \`knexEnv\`, else \`NODE_ENV\`, else \`development\`. A knexfile without environments (top-level \`client\`/\`connection\`) is used as it is.
- The \`client\` must be PostgreSQL (\`pg\`, \`postgres\` or \`postgresql\`).
- \`connection\` may be a URL string, an object (\`host\`, \`port\`, \`user\`, \`password\`, \`database\`, or \`connectionString\`) or a function returning one.
- A \`database\` from a flag, \`DATABASE_URL\` or the config file still wins over the knexfile's connection; \`migrationsDir\` likewise wins over \`migrations.directory\` (which is relative to the knexfile).
- Passwords from the knexfile are never printed: connections are shown as \`user@host:port/db\`.

## Settings

${settingsTable(options)}

### Durations

A number of milliseconds (\`500\`), or a number with a unit: \`ms\`, \`s\`/\`sec\`, \`m\`/\`min\`, \`h\` — \`"500ms"\`, \`"1.5s"\`, \`"2min"\`, \`"1h"\`. The same forms are accepted by the \`--lock-timeout\` and \`--lock-wait\` flags.

### Lint rule levels

\`"rules"\` maps a rule id to ${ruleLevels.map((l) => `\`"${l}"\``).join(', ')}: \`"off"\` turns the rule off, the others set the severity of its findings (only errors make \`lint\` exit 1). Rules not listed keep their default severity ([rules.md](rules.md)). An id that is not a rule makes \`lint\` exit 2, and the schema offers every rule id for completion.

\`\`\`json
{ "rules": { "prefer-text": "off", "expand-and-contract-together": "error" } }
\`\`\`

## From a program

The library reads settings the same way:

\`\`\`ts
import { loadConfig, createMigrator } from 'safe-migrate';

const config = await loadConfig({ overrides: { database: 'pglite:memory' } });
const migrator = createMigrator({ config });
\`\`\`

\`loadConfig({ cwd, configPath, overrides, env })\` throws a \`SafeMigrateError\` (kind \`usage\`) whose \`message\` is the first problem and \`more\` the rest; the \`Config\` it returns is frozen, with durations converted to milliseconds (\`lockTimeoutMs\`, …) and \`migrationsDir\` absolute.
`;
}

// ─── docs/cli.md: the --help blocks ──────────────────────────────────────────────────────

const run = promisify(execFile);

/** Every command path of the CLI (`up`, `colour deploy`, …), read from the compiled command table. */
export async function listCommands(root = ROOT) {
  const [{ Command }, { commands }] = await Promise.all([
    import('commander'),
    import(pathToFileURL(join(root, 'dist/cli/commands/index.js')).href),
  ]);
  const program = new Command('safe-migrate');
  for (const define of commands) define(program);
  const paths = [];
  const walk = (command, prefix) => {
    for (const sub of command.commands) {
      const path = [...prefix, sub.name()];
      paths.push(path.join(' '));
      walk(sub, path);
    }
  };
  walk(program, []);
  return paths;
}

/**
 * The real `--help` output of the root and of every command, as a user sees it in a pipe
 * (commander wraps at 80 columns when stdout is not a terminal).
 */
export async function readHelps(root = ROOT) {
  const bin = join(root, 'bin/safe-migrate.js');
  const paths = ['', ...(await listCommands(root))];
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  const outputs = await Promise.all(paths.map((p) => run(process.execPath, [bin, ...(p ? p.split(' ') : []), '--help'], { cwd: root, env })));
  return new Map(paths.map((p, i) => [p || 'safe-migrate', outputs[i].stdout.trimEnd()]));
}

// The block's body may be empty (a new section) and never runs into the next block.
const HELP_BLOCK = /<!-- help: ([^>]+?) -->\n```text\n(?:(?!<!-- \/?help)[\s\S])*?```\n<!-- \/help -->/g;

/**
 * Replaces each `<!-- help: X -->` block of docs/cli.md with the current `X --help`. Returns the
 * new text, the commands that have no block yet (`missing`) and blocks naming no command (`unknown`).
 */
export function refreshHelpBlocks(markdown, helps) {
  const seen = new Set();
  const unknown = [];
  const text = markdown.replace(HELP_BLOCK, (block, name) => {
    const help = helps.get(name);
    if (help === undefined) {
      unknown.push(name);
      return block;
    }
    seen.add(name);
    return `<!-- help: ${name} -->\n\`\`\`text\n$ ${name === 'safe-migrate' ? name : `safe-migrate ${name}`} --help\n${help}\n\`\`\`\n<!-- /help -->`;
  });
  const missing = [...helps.keys()].filter((name) => !seen.has(name));
  return { text, missing, unknown };
}

// ─── All files ───────────────────────────────────────────────────────────────────────────

/** Every generated file, path → content; `problems` lists what needs a human (a command without a section). */
export async function generate(root = ROOT) {
  const inputs = await loadInputs(root);
  const cliPath = join(root, CLI_DOCS_FILE);
  const cli = refreshHelpBlocks(existsSync(cliPath) ? readFileSync(cliPath, 'utf8') : '', await readHelps(root));
  const problems = [
    ...cli.missing.map((c) => `${CLI_DOCS_FILE} has no section for \`${c}\`: add a heading, a few words and an empty \`<!-- help: ${c} -->\` block`),
    ...cli.unknown.map((c) => `${CLI_DOCS_FILE} has a help block for \`${c}\`, which is not a command any more`),
  ];
  return {
    files: { [SCHEMA_FILE]: renderSchema(inputs), [DOCS_FILE]: renderDocs(inputs), [CLI_DOCS_FILE]: cli.text },
    problems,
  };
}

async function main(argv) {
  const check = argv.includes('--check');
  const { files, problems } = await generate();
  let stale = 0;
  for (const [file, content] of Object.entries(files)) {
    const path = join(ROOT, file);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === content) continue;
    if (check) {
      stale += 1;
      process.stderr.write(`gen-config-docs: ${file} is out of date — run \`npm run build && npm run docs:gen\`\n`);
    } else {
      writeFileSync(path, content);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
  for (const problem of problems) process.stderr.write(`gen-config-docs: ${problem}\n`);
  process.exitCode = stale > 0 || problems.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
