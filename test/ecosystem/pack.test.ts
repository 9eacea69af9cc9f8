// The package as users get it: `npm pack` the repository, install the tarball into a fresh project,
// then use the CLI through npx and the library through `import 'safe-migrate'`, on PGlite.
// Needs `npm run build` first; dependencies come from the npm cache when possible (--prefer-offline).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { repoRoot } from '../helpers/cli.js';

const exec = promisify(execFile);
const NPM = join(dirname(process.execPath), 'npm');
const NPX = join(dirname(process.execPath), 'npx');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; a non-zero exit is a result, not an exception. */
async function run(file: string, args: string[], cwd: string, timeout = 120_000): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await exec(file, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const npx = (args: string[], cwd: string) => run(NPX, ['--no-install', 'safe-migrate', ...args], cwd);

const CLEAN = '-- migrate:up\nCREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text);\n\n-- migrate:down\nDROP TABLE notes;\n';
const DROPS = '-- migrate:up\nDROP TABLE users;\n\n-- migrate:down\nSELECT 1;\n';

let work: string;
let project: string;
let files: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sm-pack-'));
  const packed = await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], repoRoot);
  expect(packed.code, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = info!.files.map((f) => f.path);
  project = join(work, 'consumer');
  mkdirSync(join(project, 'migrations'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
  const installed = await run(NPM, ['install', join(work, info!.filename), '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], project, 240_000);
  expect(installed.code, installed.stderr).toBe(0);
}, 300_000);

describe('the packed tarball', () => {
  it('holds the bin, the compiled library with types, the schema and the docs — and no sources or tests', () => {
    for (const path of ['package.json', 'README.md', 'bin/safe-migrate.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/cli-bundle/main.js', 'schema/config.schema.json', 'docs/config.md', 'docs/cli.md', 'docs/exit-codes.md']) {
      expect(files, path).toContain(path);
    }
    expect(files.filter((f) => /^(src|test|scripts|bench|scratch|node_modules|\.ci|\.safe-migrate)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /\.test\.(js|d\.ts)$/.test(f))).toEqual([]);
  });
});

describe('the installed package', () => {
  it('runs through npx: --version', async () => {
    const result = await npx(['--version'], project);
    expect(result).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it('lints a migrations directory offline: 0 when clean, 1 with an error finding', async () => {
    writeFileSync(join(project, 'migrations/0001_notes.sql'), CLEAN);
    const clean = await npx(['lint'], project);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    writeFileSync(join(project, 'drop.sql'), DROPS);
    const drops = await npx(['lint', 'drop.sql', '--format', 'json'], project);
    expect(drops.code).toBe(1);
    expect(JSON.parse(drops.stdout).files[0].findings[0].rule).toBe('drop-table');
  });

  it('applies and reports migrations on an embedded PGlite database', async () => {
    writeFileSync(join(project, 'migrations/0001_notes.sql'), CLEAN);
    const up = await npx(['up', '--database', 'pglite:.safe-migrate/db'], project);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain('1 migration applied.');
    const status = await npx(['status', '--database', 'pglite:.safe-migrate/db', '--format', 'json'], project);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).migrations).toMatchObject([{ id: '0001', state: 'applied' }]);
  }, 120_000);

  it('init writes a config whose $schema points at the schema the package ships', async () => {
    const dir = join(project, 'sub');
    mkdirSync(dir);
    const init = await npx(['init', '--format', 'json'], dir);
    expect(init.code, init.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, 'safe-migrate.config.json'), 'utf8'));
    expect(config.$schema).toBe('./node_modules/safe-migrate/schema/config.schema.json');
    expect(existsSync(join(project, config.$schema))).toBe(true);
  });

  it("is importable as 'safe-migrate' from an ES module: createMigrator, classify", async () => {
    mkdirSync(join(project, 'lib-migrations'), { recursive: true });
    writeFileSync(join(project, 'lib-migrations/0001_notes.sql'), CLEAN);
    writeFileSync(
      join(project, 'use-library.mjs'),
      `import { classify, createMigrator, loadConfig, loadParser, parseSql } from 'safe-migrate';
await loadParser();
const classification = classify(parseSql('ALTER TABLE users DROP COLUMN email').statements[0]);
const config = await loadConfig({ overrides: { database: 'pglite:memory', migrationsDir: 'lib-migrations' } });
const migrator = createMigrator({ config });
try {
  const result = await migrator.up();
  const status = await migrator.status();
  console.log(JSON.stringify({ effect: classification.effect, breaks: classification.breaks, result: result.status, states: status.migrations.map((m) => m.state) }));
} finally {
  await migrator.close();
}
`,
    );
    const result = await run(process.execPath, ['use-library.mjs'], project);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ effect: 'destructive', breaks: ['public.users.email'], result: 'ok', states: ['applied'] });
  }, 120_000);

  it('ships type declarations a strict TypeScript project can use (with skipLibCheck)', async () => {
    writeFileSync(
      join(project, 'use-types.ts'),
      `import { createMigrator, lint, readMigrations, type LintReport, type RunResult } from 'safe-migrate';
export async function check(dir: string): Promise<[LintReport, RunResult['status']]> {
  const report = await lint(await readMigrations(dir));
  const migrator = createMigrator({ config: {} as Parameters<typeof createMigrator>[0]['config'] });
  return [report, (await migrator.up()).status];
}
`,
    );
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    // --skipLibCheck as `tsc --init` sets it: without it, PGlite's own declarations fail (missing
    // Emscripten types), and dist/db/session.d.ts needs @types/pg, a devDependency of ours.
    const args = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--typeRoots', join(repoRoot, 'node_modules/@types'), '--types', 'node', 'use-types.ts'];
    const result = await run(process.execPath, [tsc, ...args], project);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});
