// schema/config.schema.json and docs/config.md are generated from src/config/options.ts: this test
// regenerates them in memory and fails when the committed files differ, then checks the schema
// accepts and rejects exactly what loadConfig's validator does. Needs `npm run build` first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/config/durations.js';
import { validate } from '../../src/config/load.js';
import { OPTIONS, RULE_LEVELS } from '../../src/config/options.js';
import { rules } from '../../src/lint/rules/index.js';
import { repoRoot, runCli } from '../helpers/cli.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: any };

interface Generator {
  generate(root?: string): Promise<{ files: Record<string, string>; problems: string[] }>;
  DURATION_PATTERN: string;
  SOURCES: Record<string, { flag?: string; env?: string }>;
  SCHEMA_FILE: string;
  DOCS_FILE: string;
}

const REGENERATE = 'run `npm run build && node scripts/gen-config-docs.mjs` and commit the result';

let gen: Generator;
let generated: Record<string, string>;
let schema: Schema;

beforeAll(async () => {
  gen = (await import(pathToFileURL(join(repoRoot, 'scripts/gen-config-docs.mjs')).href)) as Generator;
  generated = (await gen.generate(repoRoot)).files;
  schema = JSON.parse(readFileSync(join(repoRoot, gen.SCHEMA_FILE), 'utf8')) as Schema;
});

/**
 * The subset of JSON Schema the generated schema uses (type, enum, pattern, minLength, minimum,
 * properties, additionalProperties, items, minItems, anyOf, $ref into definitions). Returns errors.
 */
function check(value: Json | undefined, node: Schema, root: Schema, at = '$'): string[] {
  if (node.$ref) return check(value, root.definitions[String(node.$ref).replace('#/definitions/', '')], root, at);
  if (node.anyOf) return (node.anyOf as Schema[]).some((s) => check(value, s, root, at).length === 0) ? [] : [`${at}: matches none of anyOf`];
  if (node.enum && !(node.enum as Json[]).includes(value as Json)) return [`${at}: not one of ${JSON.stringify(node.enum)}`];
  const type = node.type as string | undefined;
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
  if (type && !(type === actual || (type === 'number' && actual === 'integer'))) return [`${at}: expected ${type}, got ${actual}`];
  const errors: string[] = [];
  if (typeof value === 'string') {
    if (node.minLength !== undefined && value.length < node.minLength) errors.push(`${at}: shorter than ${node.minLength}`);
    if (node.pattern && !new RegExp(node.pattern, 'u').test(value)) errors.push(`${at}: does not match ${node.pattern}`);
  }
  if (typeof value === 'number' && node.minimum !== undefined && value < node.minimum) errors.push(`${at}: below ${node.minimum}`);
  if (Array.isArray(value)) {
    if (node.minItems !== undefined && value.length < node.minItems) errors.push(`${at}: fewer than ${node.minItems} items`);
    if (node.items) value.forEach((item, i) => errors.push(...check(item, node.items, root, `${at}[${i}]`)));
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) {
      const sub = node.properties?.[key];
      if (sub) errors.push(...check(item, sub, root, `${at}.${key}`));
      else if (node.additionalProperties === false) errors.push(`${at}: unknown key ${key}`);
    }
  }
  return errors;
}

const schemaAccepts = (config: Record<string, Json>) => check(config, schema, schema).length === 0;

describe('generated config reference', () => {
  it('schema/config.schema.json is what the generator makes from options.ts', () => {
    const committed = readFileSync(join(repoRoot, gen.SCHEMA_FILE), 'utf8');
    expect(committed, `${gen.SCHEMA_FILE} is stale: ${REGENERATE}`).toBe(generated[gen.SCHEMA_FILE]);
  });

  it('docs/config.md is what the generator makes from options.ts', () => {
    const committed = readFileSync(join(repoRoot, gen.DOCS_FILE), 'utf8');
    expect(committed, `${gen.DOCS_FILE} is stale: ${REGENERATE}`).toBe(generated[gen.DOCS_FILE]);
  });

  it('documents every setting in the table of docs/config.md, with its default', () => {
    const docs = generated[gen.DOCS_FILE]!;
    for (const [key, spec] of Object.entries(OPTIONS)) {
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${key}\` |`));
      expect(row, key).toBeDefined();
      if ('default' in spec) expect(row).toContain(`\`${JSON.stringify(spec.default)}\``);
    }
  });

  it('describes precedence, $schema, JavaScript configs and knexfiles', () => {
    const docs = generated[gen.DOCS_FILE]!;
    for (const heading of ['## Where settings come from', '### Editor completion: `$schema`', '### JavaScript config: `.mjs` / `.js`', '### Reusing a knexfile', '### Durations', '### Lint rule levels']) {
      expect(docs).toContain(heading);
    }
  });

  it('names flags that exist in the CLI', async () => {
    const [up, lint] = await Promise.all([runCli(['up', '--help'], { cwd: repoRoot }), runCli(['lint', '--help'], { cwd: repoRoot })]);
    for (const [key, source] of Object.entries(gen.SOURCES)) {
      expect(Object.keys(OPTIONS), key).toContain(key);
      if (source.flag) expect(up.stdout + lint.stdout, `${key}: ${source.flag}`).toContain(`${source.flag} `);
    }
  });
});

describe('the JSON Schema', () => {
  it('is draft-07, closed, and has a property for every setting plus $schema', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).sort()).toEqual(['$schema', ...Object.keys(OPTIONS)].sort());
    for (const [key, spec] of Object.entries(OPTIONS)) {
      expect(schema.properties[key].description, key).toBe(spec.description);
      if ('default' in spec) expect(schema.properties[key].default, key).toEqual(spec.default);
    }
  });

  it('offers every lint rule id, with the three levels', () => {
    expect(Object.keys(schema.properties.rules.properties)).toEqual(rules.map((r) => r.id).sort());
    expect(schema.definitions.ruleLevel.enum).toEqual([...RULE_LEVELS]);
  });

  it('accepts the configs this repository ships and init writes', async () => {
    expect(check(JSON.parse(readFileSync(join(repoRoot, 'safe-migrate.config.json'), 'utf8')), schema, schema)).toEqual([]);
    expect(schemaAccepts({ $schema: './node_modules/safe-migrate/schema/config.schema.json', database: 'pglite:.safe-migrate/db', migrationsDir: 'migrations' })).toBe(true);
  });

  it('accepts a config using every setting', () => {
    const full: Record<string, Json> = {
      database: 'postgres://app@db:5432/app',
      migrationsDir: 'db/migrations',
      internalSchema: 'safe_migrate',
      defaultSchema: 'app',
      lockTimeout: '1s',
      lockRetries: 5,
      lockRetryBudget: 90_000,
      lockWait: '5min',
      statementTimeout: 0,
      colours: ['blue', 'green'],
      requireColours: true,
      allowOutOfOrder: false,
      flushEachMigration: true,
      knexfile: 'knexfile.js',
      knexEnv: 'production',
      rules: { 'prefer-text': 'off', 'drop-not-null': 'error' },
    };
    expect(Object.keys(full).sort()).toEqual(Object.keys(OPTIONS).sort());
    expect(check(full, schema, schema)).toEqual([]);
    expect(validate(full, 'x')).toEqual([]);
  });

  // Each sample is judged by both the schema and loadConfig's validator: they must agree.
  const samples: Array<[string, Json]> = [
    ['database', ''],
    ['database', 42],
    ['migrationsDir', 'sql'],
    ['lockTimeout', '500ms'],
    ['lockTimeout', 500],
    ['lockTimeout', '1.5s'],
    ['lockTimeout', 'soon'],
    ['lockTimeout', -5],
    ['lockTimeout', '10 minutes'],
    ['lockWait', '2 min'],
    ['lockRetries', 0],
    ['lockRetries', -1],
    ['lockRetries', 2.5],
    ['lockRetries', '3'],
    ['colours', []],
    ['colours', ['blue', '']],
    ['colours', 'blue'],
    ['requireColours', 'yes'],
    ['allowOutOfOrder', true],
    ['rules', { 'drop-table': 'warning' }],
    ['rules', { 'drop-table': 'fatal' }],
    ['rules', ['drop-table']],
    ['colour', ['blue']],
  ];
  it.each(samples)('agrees with loadConfig on %s = %j', (key, value) => {
    const config = { [key]: value };
    expect(schemaAccepts(config)).toBe(validate(config, 'x').length === 0);
  });

  it('rejects unknown rule ids, which lint rejects too (exit 2)', () => {
    expect(schemaAccepts({ rules: { 'drop-tabel': 'off' } })).toBe(false);
  });

  it('has the duration pattern parseDuration implements', () => {
    const pattern = new RegExp(gen.DURATION_PATTERN);
    const strings = ['0', '500', '500ms', '1.5s', '10 s', '10sec', '2m', '2min', '1h', ' 3s ', '', 's', '1.s', '.5s', '-1s', '1d', '1 h 2', '10 minutes', '1e3', '0x10'];
    for (const s of strings) expect(pattern.test(s), JSON.stringify(s)).toBe(parseDuration(s) !== undefined);
    expect(schema.definitions.duration.anyOf[1].pattern).toBe(gen.DURATION_PATTERN);
  });
});
