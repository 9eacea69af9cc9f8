// The public library API (spec §10): src/index.ts holds only documented exports, the built package
// exposes the same names, and the JSDoc examples do what they say. Needs `npm run build` first.
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import * as api from '../../src/index.js';
import {
  classify,
  classifySection,
  createMigrator,
  formatReport,
  lint,
  loadConfig,
  loadParser,
  parseSql,
  readMigrations,
  SafeMigrateError,
  type Classification,
  type Config,
  type LintReport,
  type RunResult,
  type StatusReport,
} from '../../src/index.js';
import { repoRoot } from '../helpers/cli.js';

const source = readFileSync(join(repoRoot, 'src/index.ts'), 'utf8');

/** Each export statement of src/index.ts with the comment block right above it. */
function exportStatements(): Array<{ statement: string; doc: string | undefined }> {
  const found = [];
  const re = /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\n)?(export (?:type )?\{[^}]*\} from '[^']+';)/g;
  for (const m of source.matchAll(re)) found.push({ statement: m[2]!, doc: m[1] });
  return found;
}

// The colour/rollout owners add their names here when they extend src/index.ts.
const RUNTIME = [
  'createMigrator', 'loadConfig', 'lint', 'formatReport', 'classify', 'classifySection', 'readMigrations', 'parseSql', 'loadParser', 'SafeMigrateError',
  // colours, gate and rollouts
  'checkGate', 'parseManifest', 'registerColour', 'switchColour', 'retireColour', 'advance', 'derive', 'waitingFor', 'checkRollouts',
];

describe('src/index.ts', () => {
  it('holds nothing but export statements and comments', () => {
    const code = source
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/export (?:type )?\{[^}]*\} from '[^']+';/g, '')
      .trim();
    expect(code).toBe('');
  });

  it('gives every export a JSDoc paragraph with an @example', () => {
    const statements = exportStatements();
    expect(statements.length).toBeGreaterThan(10);
    for (const { statement, doc } of statements) {
      expect(doc, statement).toBeDefined();
      expect(doc, statement).toMatch(/@example\n \* \S/);
      expect(doc!.split('@example')[0]!.replace(/[/*\s]/g, '').length, statement).toBeGreaterThan(30);
    }
  });

  it('exports the runtime API of spec §10, and no other values', () => {
    expect(Object.keys(api).sort()).toEqual([...RUNTIME].sort());
  });

  it('keeps a separate block for the colour and rollout API, after the core exports', () => {
    const block = source.indexOf('// ─── Colours, gate and rollouts');
    expect(block).toBeGreaterThan(source.indexOf("export { SafeMigrateError }"));
  });

  it('exports the result types', () => {
    expectTypeOf<RunResult['status']>().toEqualTypeOf<'ok' | 'failed' | 'blocked'>();
    expectTypeOf<LintReport['summary']>().toEqualTypeOf<{ files: number; statements: number; errors: number; warnings: number }>();
    expectTypeOf<Classification['effect']>().toEqualTypeOf<'additive' | 'destructive' | 'data' | 'neutral' | 'unknown'>();
    expectTypeOf<Config['lockTimeoutMs']>().toEqualTypeOf<number>();
    expectTypeOf(createMigrator).returns.toHaveProperty('status').returns.resolves.toEqualTypeOf<StatusReport>();
  });
});

describe('the built package', () => {
  it('dist/index.js exposes the same names as src/index.ts, with declarations', async () => {
    const built = (await import(pathToFileURL(join(repoRoot, 'dist/index.js')).href)) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual([...RUNTIME].sort());
    const dts = readFileSync(join(repoRoot, 'dist/index.d.ts'), 'utf8');
    for (const name of ['RunResult', 'LintReport', 'Classification', 'Config', 'Migrator', 'ReadResult', 'SqlStatement', 'ErrorKind']) expect(dts).toContain(name);
    expect(dts).toContain('@example');
  });
});

describe('the examples', () => {
  const writes: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    writes.length = 0;
  });

  it('parseSql: statements with line, column and kind', async () => {
    await loadParser();
    const parsed = parseSql('SELECT 1;\nALTER TABLE users ADD COLUMN notes text;');
    expect(parsed.error ?? parsed.statements.map((s) => `${s.line}:${s.column} ${s.kind}`)).toEqual(['1:1 SelectStmt', '2:1 AlterTableStmt']);
    expect(parseSql('CREATE TABLE (;').error).toMatchObject({ line: 1 });
  });

  it('classify and classifySection', async () => {
    await loadParser();
    const [statement] = parseSql('ALTER TABLE users DROP COLUMN email').statements;
    const c = classify(statement!);
    expect(c.effect).toBe('destructive');
    expect(c.lock).toEqual({ level: 'ACCESS EXCLUSIVE', tables: ['public.users'] });
    const { statements } = parseSql('CREATE TABLE t (id int); CREATE INDEX t_id ON t (id);');
    const section = classifySection(statements, { defaultSchema: 'app' });
    expect(section.map((x) => x.effect)).toEqual(['additive', 'additive']);
    expect(section[0]!.objects.map((o) => o.name)).toContain('app.t');
  });

  it('loadConfig, and SafeMigrateError with every problem', async () => {
    const config = await loadConfig({ cwd: tmpdir(), overrides: { database: 'pglite:memory' }, env: {} });
    expect(config.lockTimeoutMs).toBe(500);
    const error = await loadConfig({ cwd: tmpdir(), overrides: { lockTimeout: 'soon', lockWait: 'never' }, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafeMigrateError);
    expect([error as SafeMigrateError, ...(error as SafeMigrateError).more]).toHaveLength(2);
  });

  it('readMigrations, lint and formatReport on the example migrations, printing nothing', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (writes.push(String(chunk)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (writes.push(String(chunk)), true));
    const read = await readMigrations('migrations-example', { cwd: repoRoot });
    expect(read.problems).toEqual([]);
    const files = readdirSync(join(repoRoot, 'migrations-example')).filter((f) => f.endsWith('.sql'));
    expect(read.migrations.map((m) => m.form)).toEqual(files.map(() => 'sql'));
    const report = await lint(read, { rules: { 'prefer-text': 'off' } });
    expect(report.summary.files).toBe(files.length);
    const sarif = JSON.parse(formatReport(report, 'sarif'));
    expect(sarif.version).toBe('2.1.0');
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
  });

  it('createMigrator: up and status return results, and the library prints nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sm-api-'));
    cpSync(join(repoRoot, 'migrations-example'), join(cwd, 'migrations'), { recursive: true });
    const events: string[] = [];
    const migrator = createMigrator({ config: await loadConfig({ cwd, overrides: { database: 'pglite:memory' }, env: {} }), onEvent: (e) => events.push(e.type) });
    const out = vi.spyOn(process.stdout, 'write');
    try {
      const result = await migrator.up({ release: '2026.11.23-1' });
      expect(result.status).toBe('ok');
      const ids = readdirSync(join(cwd, 'migrations')).sort().map((f) => f.slice(0, f.indexOf('_')));
      expect(ids.length).toBeGreaterThan(1);
      expect(result.applied.map((a) => a.id)).toEqual(ids);
      const status = await migrator.status();
      expect(status.migrations.every((m) => m.state === 'applied')).toBe(true);
      expect(events).toContain('migration-done');
      expect(out).not.toHaveBeenCalled();
    } finally {
      await migrator.close();
    }
  });
});
