// loadConfig (spec §3): precedence, the config file search, validation of every problem at once,
// durations, JavaScript configs and knexfile reuse. Pure file-system tests; no database.
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeUrl, redact } from '../db/redact.js';
import { SafeMigrateError } from '../errors.js';
import { parseDuration } from './durations.js';
import { CONFIG_FILES, findConfigFile, loadConfig, validate } from './load.js';
import { OPTIONS } from './options.js';

/** A temp directory with the given files (relative path → content); returns its real path. */
function project(files: Record<string, string> = {}): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'sm-config-')));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const json = (value: unknown) => JSON.stringify(value);

/** The SafeMigrateError loadConfig throws, with all its problems as one list of messages. */
async function problemsOf(promise: Promise<unknown>): Promise<{ error: SafeMigrateError; messages: string[] }> {
  const error = await promise.then(
    () => expect.fail('expected loadConfig to throw'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SafeMigrateError);
  const e = error as SafeMigrateError;
  return { error: e, messages: [e.message, ...e.more.map((m) => m.message)] };
}

describe('loadConfig defaults', () => {
  it('fills every setting from the option table when there is no file, flag or env', async () => {
    const cwd = project();
    const config = await loadConfig({ cwd, env: {} });
    expect(config).toMatchObject({
      database: undefined,
      databaseSource: undefined,
      migrationsDir: join(cwd, 'migrations'),
      internalSchema: 'safe_migrate',
      defaultSchema: 'public',
      lockTimeoutMs: 500,
      lockRetries: 10,
      lockRetryBudgetMs: 120_000,
      lockWaitMs: 600_000,
      statementTimeoutMs: 60_000,
      colours: ['blue', 'green'],
      requireColours: false,
      allowOutOfOrder: false,
      flushEachMigration: false,
      rules: {},
      configFile: undefined,
      cwd,
    });
  });

  it('returns a frozen Config (nested lists and maps too)', async () => {
    const config = await loadConfig({ cwd: project({ 'safe-migrate.config.json': json({ rules: { 'prefer-text': 'off' } }) }), env: {} });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.colours)).toBe(true);
    expect(Object.isFrozen(config.rules)).toBe(true);
  });
});

describe('loadConfig precedence: flags > env > file > defaults', () => {
  const file = { 'safe-migrate.config.json': json({ database: 'postgres://file@db:5432/app', lockTimeout: '2s', internalSchema: 'from_file' }) };

  it('takes the database from the file when nothing else sets it', async () => {
    const cwd = project(file);
    const config = await loadConfig({ cwd, env: {} });
    expect(config.database).toBe('postgres://file@db:5432/app');
    expect(config.databaseSource).toBe(join(cwd, 'safe-migrate.config.json'));
  });

  it('lets DATABASE_URL beat the file', async () => {
    const config = await loadConfig({ cwd: project(file), env: { DATABASE_URL: 'postgres://env@db:5432/app' } });
    expect(config).toMatchObject({ database: 'postgres://env@db:5432/app', databaseSource: 'DATABASE_URL' });
  });

  it('lets a flag beat DATABASE_URL and the file', async () => {
    const config = await loadConfig({ cwd: project(file), env: { DATABASE_URL: 'postgres://env@db:5432/app' }, overrides: { database: 'pglite:memory' } });
    expect(config).toMatchObject({ database: 'pglite:memory', databaseSource: '--database' });
  });

  it('lets flags beat the file for every other setting, and the file beat the defaults', async () => {
    const config = await loadConfig({ cwd: project(file), env: {}, overrides: { lockTimeout: '750ms' } });
    expect(config.lockTimeoutMs).toBe(750);
    expect(config.internalSchema).toBe('from_file');
    expect(config.lockWaitMs).toBe(600_000);
  });

  it('ignores flags that were not given (undefined), so they do not wipe the file', async () => {
    const config = await loadConfig({ cwd: project(file), env: {}, overrides: { lockTimeout: undefined, database: undefined, internalSchema: undefined } });
    expect(config.lockTimeoutMs).toBe(2000);
    expect(config.internalSchema).toBe('from_file');
    expect(config.database).toBe('postgres://file@db:5432/app');
  });

  it('reads DATABASE_URL only for the database: other settings ignore the environment', async () => {
    const config = await loadConfig({ cwd: project(), env: { DATABASE_URL: 'postgres://env@db/app', LOCK_TIMEOUT: '9s', SAFE_MIGRATE_LOCK_TIMEOUT: '9s' } });
    expect(config.lockTimeoutMs).toBe(500);
  });
});

describe('finding the config file', () => {
  it('walks up from the working directory and resolves migrationsDir against the file, not the cwd', async () => {
    const root = project({ 'safe-migrate.config.json': json({ migrationsDir: 'db/migrations' }), 'services/api/src/.keep': '' });
    const cwd = join(root, 'services/api/src');
    const config = await loadConfig({ cwd, env: {} });
    expect(config.configFile).toBe(join(root, 'safe-migrate.config.json'));
    expect(config.migrationsDir).toBe(join(root, 'db/migrations'));
    expect(config.cwd).toBe(cwd);
  });

  it('stops at the nearest directory that has one', async () => {
    const root = project({
      'safe-migrate.config.json': json({ internalSchema: 'outer' }),
      'inner/safe-migrate.config.json': json({ internalSchema: 'inner' }),
      'inner/deeper/.keep': '',
    });
    const config = await loadConfig({ cwd: join(root, 'inner/deeper'), env: {} });
    expect(config.internalSchema).toBe('inner');
    expect(findConfigFile(join(root, 'inner/deeper'))).toBe(join(root, 'inner/safe-migrate.config.json'));
  });

  it('prefers .json, then .mjs, then .js in one directory', async () => {
    expect(CONFIG_FILES).toEqual(['safe-migrate.config.json', 'safe-migrate.config.mjs', 'safe-migrate.config.js']);
    const root = project({
      'safe-migrate.config.mjs': 'export default { internalSchema: "from_mjs" };',
      'safe-migrate.config.js': 'module.exports = { internalSchema: "from_js" };',
    });
    expect((await loadConfig({ cwd: root, env: {} })).internalSchema).toBe('from_mjs');
  });

  it('uses --config instead of searching, relative to the working directory', async () => {
    const root = project({ 'safe-migrate.config.json': json({ internalSchema: 'found' }), 'deploy/prod.json': json({ internalSchema: 'explicit', migrationsDir: '../sql' }) });
    const config = await loadConfig({ cwd: root, configPath: 'deploy/prod.json', env: {} });
    expect(config.internalSchema).toBe('explicit');
    expect(config.migrationsDir).toBe(join(root, 'sql'));
  });

  it('resolves a --dir flag against the working directory, not the config file', async () => {
    const root = project({ 'safe-migrate.config.json': json({ migrationsDir: 'db/migrations' }), 'app/.keep': '' });
    const config = await loadConfig({ cwd: join(root, 'app'), env: {}, overrides: { migrationsDir: 'local' } });
    expect(config.migrationsDir).toBe(join(root, 'app/local'));
  });

  it('reports a --config path that does not exist', async () => {
    const { error } = await problemsOf(loadConfig({ cwd: project(), configPath: 'nope.json', env: {} }));
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(/config file not found: .*nope\.json/);
  });
});

describe('validation: every problem at once', () => {
  it('reports unknown keys and bad values of the file together, as usage errors', async () => {
    const cwd = project({
      'safe-migrate.config.json': json({
        colour: ['x'],
        lockTimeout: 'soon',
        requireColours: 'yes',
        lockRetries: -1,
        migrationsDir: '',
        colours: [],
        rules: { 'drop-table': 'fatal' },
      }),
    });
    const { error, messages } = await problemsOf(loadConfig({ cwd, env: {} }));
    expect(error.kind).toBe('usage');
    expect(error.hint).toMatch(/docs\/config\.md/);
    expect(messages).toHaveLength(7);
    expect(messages.join('\n')).toContain('unknown key "colour" (known: database, migrationsDir');
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/"lockTimeout" must be a duration .* got "soon"/),
        expect.stringMatching(/"requireColours" must be true or false, got "yes"/),
        expect.stringMatching(/"lockRetries" must be a whole number ≥ 0, got -1/),
        expect.stringMatching(/"migrationsDir" must be a non-empty string, got ""/),
        expect.stringMatching(/"colours" must be a non-empty list of names, got \[\]/),
        expect.stringMatching(/level of rule "drop-table" must be one of off, warning, error, got "fatal"/),
      ]),
    );
    for (const m of messages) expect(m.startsWith(`${join(cwd, 'safe-migrate.config.json')}: `)).toBe(true);
  });

  it('reports the file and the flags in the same pass, each with its origin', async () => {
    const cwd = project({ 'safe-migrate.config.json': json({ lockWait: 'forever' }) });
    const { messages } = await problemsOf(loadConfig({ cwd, env: {}, overrides: { lockTimeout: 'soon', allowOutOfOrder: 'no' } }));
    expect(messages).toHaveLength(3);
    expect(messages.filter((m) => m.startsWith('command line: '))).toHaveLength(2);
  });

  it('accepts $schema, the key editors use for completion', async () => {
    const cwd = project({ 'safe-migrate.config.json': json({ $schema: './node_modules/safe-migrate/schema/config.schema.json', lockRetries: 0 }) });
    expect((await loadConfig({ cwd, env: {} })).lockRetries).toBe(0);
  });

  it('reports invalid JSON and a top level that is not an object', async () => {
    for (const content of ['{ "database": ', '[1, 2]', 'null']) {
      const { error } = await problemsOf(loadConfig({ cwd: project({ 'safe-migrate.config.json': content }), env: {} }));
      expect(error.kind).toBe('usage');
      expect(error.message).toMatch(/^invalid JSON in config file/);
      expect(error.where?.file).toMatch(/safe-migrate\.config\.json$/);
    }
  });

  it('validates every option type of the table (validate)', () => {
    expect(validate({}, 'x')).toEqual([]);
    const good: Record<string, unknown> = {
      database: 'pglite:memory',
      lockTimeout: 0,
      lockRetries: 3,
      colours: ['a'],
      requireColours: true,
      rules: { 'prefer-text': 'off' },
      knexEnv: 'production',
    };
    expect(validate(good, 'x')).toEqual([]);
    const bad = { database: 5, lockTimeout: true, lockRetries: 1.5, colours: ['a', ''], requireColours: 1, rules: [] };
    expect(validate(bad, 'x')).toHaveLength(Object.keys(bad).length);
  });
});

describe('durations', () => {
  it.each([
    [500, 500],
    [0, 0],
    ['500', 500],
    ['500ms', 500],
    ['1.5s', 1500],
    ['10 s', 10_000],
    ['10sec', 10_000],
    ['2m', 120_000],
    ['2min', 120_000],
    ['1h', 3_600_000],
    [' 3s ', 3000],
  ])('parses %j as %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([[-1], ['-1s'], ['soon'], ['10 minutes'], ['1d'], [''], [true], [null], [Number.NaN], [Number.POSITIVE_INFINITY], [['1s']]])('rejects %j', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });

  it('converts every duration setting to milliseconds, from the file and from flags', async () => {
    const cwd = project({ 'safe-migrate.config.json': json({ lockTimeout: 250, lockRetryBudget: '30s', statementTimeout: '0' }) });
    const config = await loadConfig({ cwd, env: {}, overrides: { lockWait: '1h' } });
    expect(config).toMatchObject({ lockTimeoutMs: 250, lockRetryBudgetMs: 30_000, statementTimeoutMs: 0, lockWaitMs: 3_600_000 });
  });

  it('has a duration default for every duration option that parses', () => {
    for (const spec of Object.values(OPTIONS)) if (spec.type === 'duration') expect(parseDuration(spec.default)).toBeGreaterThan(0);
  });
});

describe('JavaScript config files', () => {
  it('reads a .mjs file exporting an object', async () => {
    const cwd = project({ 'safe-migrate.config.mjs': 'export default { database: "pglite:memory", lockTimeout: "1s", colours: ["red", "black"] };\n' });
    const config = await loadConfig({ cwd, env: {} });
    expect(config).toMatchObject({ database: 'pglite:memory', lockTimeoutMs: 1000, colours: ['red', 'black'], configFile: join(cwd, 'safe-migrate.config.mjs') });
  });

  it('reads a .mjs file exporting an async function', async () => {
    const cwd = project({ 'safe-migrate.config.mjs': 'export default async () => ({ internalSchema: ["sm", "prod"].join("_") });\n' });
    expect((await loadConfig({ cwd, env: {} })).internalSchema).toBe('sm_prod');
  });

  it('reads a CommonJS .js file (no "type": "module" above it)', async () => {
    const cwd = project({ 'safe-migrate.config.js': 'module.exports = { migrationsDir: "sql", requireColours: true };\n' });
    const config = await loadConfig({ cwd, env: {} });
    expect(config).toMatchObject({ migrationsDir: join(cwd, 'sql'), requireColours: true });
  });

  it('validates what a module returns exactly like JSON', async () => {
    const cwd = project({ 'safe-migrate.config.mjs': 'export default () => ({ lockTimeout: "soon", nope: 1 });\n' });
    const { messages } = await problemsOf(loadConfig({ cwd, env: {} }));
    expect(messages).toHaveLength(2);
  });

  it('reports a module that throws as a usage error naming the file', async () => {
    const cwd = project({ 'safe-migrate.config.mjs': 'throw new Error("vault unreachable");\n' });
    const { error } = await problemsOf(loadConfig({ cwd, env: {} }));
    expect(error.kind).toBe('usage');
    expect(error.message).toBe('config file failed to load: vault unreachable');
    expect(error.where?.file).toBe(join(cwd, 'safe-migrate.config.mjs'));
  });
});

describe('knexfile reuse', () => {
  const PASSWORD = 's3cr:et@/pw';
  const knexfile = `module.exports = {
  development: { client: 'pg', connection: 'postgres://dev@localhost:5432/dev' },
  staging: { client: 'postgresql', connection: { connectionString: 'postgres://stage@stage-db:5432/stage' } },
  production: {
    client: 'pg',
    connection: { host: 'db.internal', port: 6543, user: 'app', password: ${JSON.stringify(PASSWORD)}, database: 'app_prod' },
    migrations: { directory: './db/migrations' },
  },
  lazy: { client: 'pg', connection: async () => ({ host: 'lazy-db', user: 'lazy', database: 'lazy' }) },
  mysql: { client: 'mysql2', connection: 'mysql://x@y/z' },
};
`;

  it('takes the connection and migrations directory of the chosen environment (object connection)', async () => {
    const cwd = project({ 'knexfile.cjs': knexfile });
    const config = await loadConfig({ cwd, env: {}, overrides: { knexfile: 'knexfile.cjs', knexEnv: 'production' } });
    expect(config.databaseSource).toBe(join(cwd, 'knexfile.cjs'));
    expect(config.migrationsDir).toBe(join(cwd, 'db/migrations'));
    const url = new URL(config.database!);
    expect(decodeURIComponent(url.password)).toBe(PASSWORD);
    expect(url.hostname).toBe('db.internal');
  });

  it('never shows the knexfile password: describeUrl prints user@host:port/db, redact scrubs it', async () => {
    const cwd = project({ 'knexfile.cjs': knexfile });
    const { database } = await loadConfig({ cwd, env: {}, overrides: { knexfile: 'knexfile.cjs', knexEnv: 'production' } });
    expect(describeUrl(database!)).toBe('app@db.internal:6543/app_prod');
    const echoed = `connect failed for ${database} (password ${PASSWORD})`;
    expect(redact(echoed, database)).not.toContain(PASSWORD);
    expect(redact(echoed, database)).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('picks the environment from NODE_ENV, then development', async () => {
    const cwd = project({ 'knexfile.cjs': knexfile });
    const fromNodeEnv = await loadConfig({ cwd, env: { NODE_ENV: 'staging' }, overrides: { knexfile: 'knexfile.cjs' } });
    expect(fromNodeEnv.database).toBe('postgres://stage@stage-db:5432/stage');
    const fallback = await loadConfig({ cwd, env: {}, overrides: { knexfile: 'knexfile.cjs' } });
    expect(fallback.database).toBe('postgres://dev@localhost:5432/dev');
    expect(fallback.migrationsDir).toBe(join(cwd, 'migrations'));
  });

  it('calls a connection function', async () => {
    const cwd = project({ 'knexfile.cjs': knexfile });
    const config = await loadConfig({ cwd, env: {}, overrides: { knexfile: 'knexfile.cjs', knexEnv: 'lazy' } });
    expect(describeUrl(config.database!)).toBe('lazy@lazy-db:5432/lazy');
  });

  it('uses a knexfile without environments as it is (ESM)', async () => {
    const cwd = project({ 'knexfile.mjs': "export default { client: 'pg', connection: 'postgres://flat@h:5432/flat', migrations: { directory: ['sql/a', 'sql/b'] } };\n" });
    const config = await loadConfig({ cwd, env: { NODE_ENV: 'production' }, overrides: { knexfile: 'knexfile.mjs' } });
    expect(config.database).toBe('postgres://flat@h:5432/flat');
    expect(config.migrationsDir).toBe(join(cwd, 'sql/a'));
  });

  it('resolves "knexfile" in the config file against the config file, and lets the file beat the knexfile', async () => {
    const root = project({
      'config/knexfile.cjs': knexfile,
      'safe-migrate.config.json': json({ knexfile: 'config/knexfile.cjs', knexEnv: 'production', migrationsDir: 'sql' }),
      'app/.keep': '',
    });
    const config = await loadConfig({ cwd: join(root, 'app'), env: {} });
    expect(config.databaseSource).toBe(join(root, 'config/knexfile.cjs'));
    expect(config.migrationsDir).toBe(join(root, 'sql'));
    const withUrl = await loadConfig({ cwd: join(root, 'app'), env: { DATABASE_URL: 'postgres://env@h/db' } });
    expect(withUrl).toMatchObject({ database: 'postgres://env@h/db', databaseSource: 'DATABASE_URL' });
  });

  it.each([
    ['an environment the knexfile lacks', { knexEnv: 'qa' }, /knexfile has no environment "qa"/, /development, staging, production, lazy, mysql/],
    ['a client that is not PostgreSQL', { knexEnv: 'mysql' }, /uses client "mysql2"; safe-migrate supports PostgreSQL/, undefined],
    ['a knexfile that does not exist', { knexfile: 'missing.js' }, /knexfile not found/, /--knexfile/],
  ])('reports %s as a usage error', async (_, overrides, message, hint) => {
    const cwd = project({ 'knexfile.cjs': knexfile });
    const { error } = await problemsOf(loadConfig({ cwd, env: {}, overrides: { knexfile: 'knexfile.cjs', ...overrides } }));
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(message);
    if (hint) expect(error.hint).toMatch(hint);
  });
});
