// loadConfig: the only place that reads settings (files, environment, flags). Every problem
// is collected and reported at once (exit 2); the rest of the code gets a frozen Config.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SafeMigrateError } from '../errors.js';
import { parseDuration } from './durations.js';
import { OPTIONS, RULE_LEVELS, type OptionName, type OptionSpec } from './options.js';

export interface Config {
  database: string | undefined;
  /** Where `database` came from, for messages: flag, env, config file, knexfile. */
  databaseSource: string | undefined;
  migrationsDir: string;
  internalSchema: string;
  defaultSchema: string;
  lockTimeoutMs: number;
  lockRetries: number;
  lockRetryBudgetMs: number;
  lockWaitMs: number;
  statementTimeoutMs: number;
  colours: readonly string[];
  requireColours: boolean;
  allowOutOfOrder: boolean;
  flushEachMigration: boolean;
  rules: Readonly<Record<string, 'off' | 'warning' | 'error'>>;
  /** The config file used, if any. */
  configFile: string | undefined;
  cwd: string;
}

export interface LoadConfigOptions {
  cwd?: string;
  /** An explicit config file (--config); otherwise one is searched upwards from cwd. */
  configPath?: string;
  /** Values from CLI flags, in config-file terms (they win over everything). */
  overrides?: Partial<Record<OptionName, unknown>>;
  env?: NodeJS.ProcessEnv;
}

export const CONFIG_FILES = ['safe-migrate.config.json', 'safe-migrate.config.mjs', 'safe-migrate.config.js'];

/** Loads and validates settings: flags beat env, env beats the file, the file beats defaults. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<Config> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const configFile = options.configPath ? resolve(cwd, options.configPath) : findConfigFile(cwd);
  const fromFile = configFile ? await readConfigFile(configFile) : {};
  const baseDir = configFile ? dirname(configFile) : cwd;
  const problems = validate(fromFile, configFile ?? 'config');
  const overrides = stripUndefined(options.overrides ?? {});
  problems.push(...validate(overrides, 'command line'));
  if (problems.length > 0) throw configError(problems);

  const merged: Record<string, unknown> = { ...fromFile, ...overrides };
  const knex = await readKnexfile(merged, overrides, baseDir, cwd, env);
  const database = pickDatabase(overrides, env, fromFile, knex, configFile);
  const migrationsDirBase = 'migrationsDir' in overrides ? cwd : baseDir;
  const migrationsDir = merged.migrationsDir ?? knex?.directory ?? OPTIONS.migrationsDir.default;
  const value = <K extends OptionName>(k: K) => (merged[k] ?? (OPTIONS[k] as OptionSpec).default) as unknown;
  return Object.freeze({
    database: database?.url,
    databaseSource: database?.source,
    migrationsDir: resolve(knex && !merged.migrationsDir ? knex.baseDir : migrationsDirBase, String(migrationsDir)),
    internalSchema: String(value('internalSchema')),
    defaultSchema: String(value('defaultSchema')),
    lockTimeoutMs: parseDuration(value('lockTimeout'))!,
    lockRetries: Number(value('lockRetries')),
    lockRetryBudgetMs: parseDuration(value('lockRetryBudget'))!,
    lockWaitMs: parseDuration(value('lockWait'))!,
    statementTimeoutMs: parseDuration(value('statementTimeout'))!,
    colours: Object.freeze([...(value('colours') as string[])]),
    requireColours: Boolean(value('requireColours')),
    allowOutOfOrder: Boolean(value('allowOutOfOrder')),
    flushEachMigration: Boolean(value('flushEachMigration')),
    rules: Object.freeze({ ...(value('rules') as Record<string, 'off' | 'warning' | 'error'>) }),
    configFile,
    cwd,
  });
}

export function findConfigFile(from: string): string | undefined {
  let dir = from;
  for (;;) {
    for (const name of CONFIG_FILES) if (existsSync(join(dir, name))) return join(dir, name);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  if (!existsSync(file)) throw new SafeMigrateError('usage', `config file not found: ${file}`, { hint: 'check the --config path' });
  if (file.endsWith('.json')) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the top level must be an object');
      return parsed as Record<string, unknown>;
    } catch (error) {
      throw new SafeMigrateError('usage', `invalid JSON in config file: ${(error as Error).message}`, { where: { file }, hint: 'fix the JSON syntax' });
    }
  }
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    const value = mod.default ?? mod;
    return (typeof value === 'function' ? await (value as () => unknown)() : value) as Record<string, unknown>;
  } catch (error) {
    throw new SafeMigrateError('usage', `config file failed to load: ${(error as Error).message}`, { where: { file }, hint: 'fix the error in the config module' });
  }
}

/** Checks every key and value against the option table; returns all problems. */
export function validate(values: Record<string, unknown>, origin: string): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (key === '$schema') continue;
    const spec = (OPTIONS as Record<string, OptionSpec>)[key];
    if (!spec) {
      problems.push(`${origin}: unknown key "${key}" (known: ${Object.keys(OPTIONS).join(', ')})`);
      continue;
    }
    const problem = checkValue(spec, value);
    if (problem) problems.push(`${origin}: "${key}" ${problem}`);
  }
  return problems;
}

function checkValue(spec: OptionSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' && value !== '' ? undefined : `must be a non-empty string, got ${JSON.stringify(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${JSON.stringify(value)}`;
    case 'integer':
      return Number.isInteger(value) && (value as number) >= 0 ? undefined : `must be a whole number ≥ 0, got ${JSON.stringify(value)}`;
    case 'duration':
      return parseDuration(value) !== undefined ? undefined : `must be a duration such as 500, "500ms", "10s" or "2min", got ${JSON.stringify(value)}`;
    case 'string-array':
      return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== '')
        ? undefined
        : `must be a non-empty list of names, got ${JSON.stringify(value)}`;
    case 'rules': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return `must be an object of rule id → level, got ${JSON.stringify(value)}`;
      const bad = Object.entries(value).find(([, level]) => !(RULE_LEVELS as readonly unknown[]).includes(level));
      return bad ? `level of rule "${bad[0]}" must be one of ${RULE_LEVELS.join(', ')}, got ${JSON.stringify(bad[1])}` : undefined;
    }
  }
}

function configError(problems: string[]): SafeMigrateError {
  const [first, ...rest] = problems.map((p) => new SafeMigrateError('usage', p));
  return new SafeMigrateError('usage', first!.message, { more: rest, hint: 'fix the settings listed (see docs/config.md)' });
}

function stripUndefined(values: Partial<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

function pickDatabase(
  overrides: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  file: Record<string, unknown>,
  knex: KnexSettings | undefined,
  configFile: string | undefined,
): { url: string; source: string } | undefined {
  if (typeof overrides.database === 'string') return { url: overrides.database, source: '--database' };
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, source: 'DATABASE_URL' };
  if (typeof file.database === 'string') return { url: file.database, source: configFile ?? 'config' };
  if (knex?.url) return { url: knex.url, source: knex.file };
  return undefined;
}

interface KnexSettings {
  file: string;
  baseDir: string;
  url: string | undefined;
  directory: string | undefined;
}

async function readKnexfile(
  merged: Record<string, unknown>,
  overrides: Record<string, unknown>,
  baseDir: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<KnexSettings | undefined> {
  if (typeof merged.knexfile !== 'string') return undefined;
  const file = resolve('knexfile' in overrides ? cwd : baseDir, merged.knexfile);
  const { readKnexfile: read } = await import('./knexfile.js');
  return read(file, (merged.knexEnv as string | undefined) ?? env.NODE_ENV ?? 'development');
}
