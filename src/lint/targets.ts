// Which migrations `lint` reads: the given paths, the files changed since a git ref, or the
// whole migrations directory. Missing paths and bad refs are usage errors (exit 2).
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SafeMigrateError } from '../errors.js';
import { readMigrationPaths, readMigrations } from '../files/index.js';
import type { ReadResult } from '../files/types.js';

export interface TargetOptions {
  /** Paths from the command line (files or directories); empty means the migrations directory. */
  paths: readonly string[];
  /** Only files changed since this git ref (within `paths`, or the migrations directory). */
  since?: string;
  migrationsDir: string;
  cwd: string;
}

// Extensions a migration file can have (spec §2): SQL files and knex modules.
const MIGRATION_FILE = /\.(sql|js|mjs|cjs|ts)$/;

export interface Targets extends ReadResult {
  /**
   * The files were singled out as one pending release (named files, or changed since a ref), so
   * earlier ones give context to later ones; a directory is history, where each migration stands alone.
   */
  pendingSet: boolean;
}

/** Reads the migrations to lint; files that cannot be read come back as problems, not errors. */
export async function lintTargets(options: TargetOptions): Promise<Targets> {
  const scope = options.paths.length > 0 ? options.paths.map((p) => resolve(options.cwd, p)) : [options.migrationsDir];
  for (const path of scope) {
    if (existsSync(path)) continue;
    const isDefault = options.paths.length === 0;
    throw new SafeMigrateError('usage', isDefault ? 'migrations directory not found' : 'path does not exist', {
      where: { file: displayPath(path, options.cwd) },
      hint: isDefault ? 'pass --dir or set migrationsDir in safe-migrate.config.json' : 'check the path',
    });
  }
  const read = { cwd: options.cwd };
  if (options.since !== undefined) return { ...(await readMigrationPaths(await changedFiles(options.since, scope, options.cwd), read)), pendingSet: true };
  if (options.paths.length === 0) return { ...(await readMigrations(options.migrationsDir, read)), pendingSet: false };
  const pendingSet = scope.every((path) => !statSync(path).isDirectory());
  return { ...(await readMigrationPaths(scope, read)), pendingSet };
}

const run = promisify(execFile);

/**
 * Migration files under `scope` that differ from `ref` in the working tree (committed since, staged
 * or not), plus untracked ones: what a pull request adds or changes. Deleted files are left out.
 */
async function changedFiles(ref: string, scope: readonly string[], cwd: string): Promise<string[]> {
  const pathspec = ['--', ...scope];
  const git = async (args: string[]) => {
    try {
      return (await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch (error) {
      const detail = ((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n')[0];
      throw new SafeMigrateError('usage', `cannot list the files changed since "${ref}" (git: ${detail})`, {
        hint: 'pass a ref that exists in this repository, e.g. origin/main after git fetch',
      });
    }
  };
  const [changed, untracked] = await Promise.all([
    git(['diff', '--name-only', '--relative', '--diff-filter=ACMR', ref, ...pathspec]),
    git(['ls-files', '--others', '--exclude-standard', ...pathspec]),
  ]);
  const names = new Set([...changed.split('\n'), ...untracked.split('\n')].filter((name) => MIGRATION_FILE.test(name)));
  return [...names].sort().map((name) => resolve(cwd, name));
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
