// Entry points: read every migration of a directory (`up`, `plan`, `status`), or of the
// paths given to `lint`. Both discover candidates by name, load them with bounded
// parallelism, order them, and check ids — returning problems, never throwing for bad input.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { directoryCandidate, discoverDirectory, fileCandidate, plainSubdirectories } from './discover.js';
import type { Candidate } from './discover.js';
import { FileCache, type FileCacheOptions } from './file-cache.js';
import { cachedMigration, loadSqlCandidate } from './load-sql.js';
import type { LoadContext, Loaded } from './load-sql.js';
import { mapLimit } from './map-limit.js';
import { compareNames, displayPath } from './names.js';
import type { InputProblem, Migration, ReadResult } from './types.js';

export interface ReadOptions {
  /** Base for relative paths, in arguments and in every `file` reported (default: process.cwd()). */
  cwd?: string;
  /** Skip reading unchanged files of a large directory (file-cache.ts); `readMigrations` only. */
  cache?: FileCacheOptions;
}

const PARALLEL_LOADS = 16;

/**
 * Reads every migration directly inside `dir`, in all accepted forms mixed, ordered by
 * name (code-unit order). Bad input is returned as `problems`; it never throws for it.
 * @example const { migrations, problems } = await readMigrations('migrations');
 */
export async function readMigrations(dir: string, options: ReadOptions = {}): Promise<ReadResult> {
  const ctx = contextOf(options);
  const absolute = path.resolve(ctx.cwd, dir);
  const discovery = await discoverDirectory(absolute);
  if (!discovery.ok) return { migrations: [], problems: [directoryProblem(absolute, discovery.error, ctx)] };
  const cache = options.cache && discovery.candidates.length >= options.cache.minMigrations ? FileCache.open(options.cache, absolute) : undefined;
  const result = await loadCandidates(discovery.candidates, ctx, cache);
  cache?.save();
  return result;
}

/**
 * Reads the migrations named by `lint [paths…]`. A file may be any form (a `.up.sql` brings
 * its `.down.sql` sibling; `up.sql` in a diesel directory stands for that directory); a
 * directory is a migration directory itself, or is read like {@link readMigrations} — and
 * when it holds no migration at its top level, its subdirectories are read instead (one
 * level), so `make/migrations/` finds `make/migrations/postgresql/`.
 * @example await readMigrationPaths(['migrations/0003_add_notes.sql', 'db/migrations']);
 */
export async function readMigrationPaths(paths: string[], options: ReadOptions = {}): Promise<ReadResult> {
  const ctx = contextOf(options);
  const found = await mapLimit(paths, PARALLEL_LOADS, (p) => candidatesForPath(path.resolve(ctx.cwd, p), ctx));
  const result = await loadCandidates(
    found.flatMap((f) => f.candidates),
    ctx,
  );
  return { migrations: result.migrations, problems: [...found.flatMap((f) => f.problems), ...result.problems] };
}

function contextOf(options: ReadOptions): LoadContext {
  return { cwd: path.resolve(options.cwd ?? process.cwd()) };
}

interface Found {
  candidates: Candidate[];
  problems: InputProblem[];
}

async function candidatesForPath(absolute: string, ctx: LoadContext): Promise<Found> {
  const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) return { candidates: [], problems: [directoryProblem(absolute, info, ctx)] };
  if (info.isDirectory()) return candidatesInDirectory(absolute, ctx);
  const candidate = await fileCandidate(absolute);
  if (candidate) return { candidates: [candidate], problems: [] };
  return { candidates: [], problems: [notAMigration(displayPath(absolute, ctx.cwd))] };
}

async function candidatesInDirectory(dir: string, ctx: LoadContext): Promise<Found> {
  const itself = await directoryCandidate(dir);
  if (itself) return { candidates: [itself], problems: [] };
  const top = await discoverDirectory(dir);
  if (!top.ok) return { candidates: [], problems: [directoryProblem(dir, top.error, ctx)] };
  if (top.candidates.length > 0) return { candidates: top.candidates, problems: [] };
  const nested = await mapLimit(await plainSubdirectories(dir), PARALLEL_LOADS, discoverDirectory);
  return { candidates: nested.flatMap((d) => (d.ok ? d.candidates : [])), problems: [] };
}

/** Loads candidates (deduplicated, ordered) and checks that ids are unique per directory. */
async function loadCandidates(candidates: Candidate[], ctx: LoadContext, cache?: FileCache): Promise<ReadResult> {
  const ordered = orderCandidates(candidates);
  // Cache hits are settled synchronously: thousands of them need no promise each.
  const loaded: Loaded[] = ordered.map((c) => (cache ? fromCache(c, ctx, cache) : undefined) ?? PENDING);
  const misses = [...loaded.keys()].filter((i) => loaded[i] === PENDING);
  const read = await mapLimit(misses, PARALLEL_LOADS, (i) => (cache ? loadAndRemember(ordered[i]!, ctx, cache) : loadCandidate(ordered[i]!, ctx)));
  for (const [k, i] of misses.entries()) loaded[i] = read[k]!;
  const migrations: Migration[] = [];
  const problems: InputProblem[] = [];
  const groups: string[] = [];
  for (const [i, result] of loaded.entries()) {
    problems.push(...result.problems);
    if (!result.migration) continue;
    migrations.push(result.migration);
    groups.push(ordered[i]!.group);
  }
  problems.push(...duplicateIds(migrations, groups));
  return { migrations, problems };
}

/** Not read yet (a placeholder while cache hits are settled). */
const PENDING: Loaded = { migration: undefined, problems: [] };

function fromCache(candidate: Candidate, ctx: LoadContext, cache: FileCache): Loaded | undefined {
  if (candidate.layout === 'knex' || candidate.up === undefined) return undefined;
  const cached = cache.lookup(candidate);
  return cached ? { migration: cachedMigration(candidate, cached, ctx), problems: [] } : undefined;
}

async function loadAndRemember(candidate: Candidate, ctx: LoadContext, cache: FileCache): Promise<Loaded> {
  const loaded = await loadCandidate(candidate, ctx);
  // Only migrations read without any problem are cached: a problem must be reported every time.
  if (candidate.layout !== 'knex' && loaded.migration && loaded.problems.length === 0 && loaded.stamps) {
    cache.remember(candidate, loaded.stamps, loaded.migration.checksum, loaded.migration.form);
  }
  return loaded;
}

async function loadCandidate(candidate: Candidate, ctx: LoadContext): Promise<Loaded> {
  // knex (and its recorder) load only when a directory has knex modules: SQL-only runs start faster.
  if (candidate.layout === 'knex') return import('./load-knex.js').then(({ loadKnexCandidate }) => loadKnexCandidate(candidate, ctx));
  return loadSqlCandidate(candidate, ctx);
}

/**
 * Directory, then name, in code-unit order (never locale order, which differs between
 * machines). The same migration named twice (a pair's two halves, a repeated path) counts once.
 */
function orderCandidates(candidates: Candidate[]): Candidate[] {
  const unique = new Map<string, Candidate>();
  for (const c of candidates) unique.set(`${c.layout}\0${c.group}\0${c.name}`, c);
  return [...unique.values()].sort(
    (a, b) => compareNames(a.group, b.group) || compareNames(a.name, b.name) || compareNames(a.layout, b.layout),
  );
}

/** Two migrations of one directory with the same id: the second is reported, naming both. */
function duplicateIds(migrations: Migration[], groups: string[]): InputProblem[] {
  const seen = new Map<string, Migration>();
  const problems: InputProblem[] = [];
  for (const [i, migration] of migrations.entries()) {
    const key = `${groups[i]}\0${migration.id}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, migration);
      continue;
    }
    problems.push({
      file: migration.files[0]!,
      message: `duplicate migration id "${migration.id}": ${migration.files[0]} and ${first.files[0]} have the same id`,
      hint: 'ids (the name up to the first "_") must be unique: rename one of them with a new id',
    });
  }
  return problems;
}

function directoryProblem(absolute: string, error: NodeJS.ErrnoException, ctx: LoadContext): InputProblem {
  const file = displayPath(absolute, ctx.cwd);
  if (error.code === 'ENOENT') return { file, message: 'does not exist', hint: 'check the path (migrations directory: --dir or config migrationsDir)' };
  if (error.code === 'ENOTDIR') return { file, message: 'not a directory', hint: 'pass the directory that holds the migration files' };
  return { file, message: `cannot read: ${error.message}`, hint: 'check that it exists and is readable by this user' };
}

function notAMigration(file: string): InputProblem {
  return {
    file,
    message: 'not a migration file',
    hint: 'migrations are ID_name.sql, ID_name.up.sql/.down.sql, ID_name/up.sql, ID_name/migration.sql or ID_name.{js,mjs,cjs,ts}',
  };
}
