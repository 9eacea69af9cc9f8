// Discovery: which migrations a directory (or an explicit path) holds, by name only.
// Contents are read later (load-*.ts), so a bad file never hides the others.
import { readdir, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { DIRECTORY_FILES, fileRole } from './names.js';
import { mapLimit } from './map-limit.js';

/** How a migration's files are laid out; the form (sql/goose…) is decided after reading. */
export type Layout = 'single' | 'pair' | 'directory' | 'prisma' | 'knex';

export interface Candidate {
  layout: Layout;
  /** Migration name without extension (`0001_create_users`). */
  name: string;
  /** Absolute directory holding the migration; duplicate ids are checked per directory. */
  group: string;
  /** Absolute paths. `up` is missing for a lone `.down.sql` or `down.sql` (a problem when loaded). */
  up: string | undefined;
  down: string | undefined;
}

export type Discovery = { ok: true; candidates: Candidate[] } | { ok: false; error: NodeJS.ErrnoException };

const PARALLEL_DIRS = 16;

/** Every migration directly inside `dir`, in any layout. Subdirectories that are not migrations are skipped. */
export async function discoverDirectory(dir: string): Promise<Discovery> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    return { ok: false, error: error as NodeJS.ErrnoException };
  }
  const visible = entries.filter((entry) => !entry.name.startsWith('.'));
  const kinds = await mapLimit(visible, PARALLEL_DIRS, (entry) => entryKind(dir, entry));
  const files = visible.filter((_, i) => kinds[i] === 'file').map((entry) => entry.name);
  const subdirs = visible.filter((_, i) => kinds[i] === 'dir').map((entry) => path.join(dir, entry.name));
  const fromDirs = await mapLimit(subdirs, PARALLEL_DIRS, directoryCandidate);
  const candidates = [...fileCandidates(dir, files), ...fromDirs.filter((c): c is Candidate => c !== undefined)];
  return { ok: true, candidates };
}

/** Subdirectories of `dir` that are not migrations themselves (where nested layouts may live). */
export async function plainSubdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const visible = entries.filter((entry) => !entry.name.startsWith('.'));
  const kinds = await mapLimit(visible, PARALLEL_DIRS, (entry) => entryKind(dir, entry));
  const dirs = visible.filter((_, i) => kinds[i] === 'dir').map((entry) => path.join(dir, entry.name));
  const migrations = await mapLimit(dirs, PARALLEL_DIRS, directoryCandidate);
  return dirs.filter((_, i) => migrations[i] === undefined);
}

/**
 * Follows symlinks, so a linked migration directory or file counts like a real one. A broken
 * link counts as a file: if its name is a migration's, reading it reports the problem.
 */
async function entryKind(dir: string, entry: Dirent): Promise<'file' | 'dir' | 'other'> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'dir';
  if (!entry.isSymbolicLink()) return 'other';
  const target = await stat(path.join(dir, entry.name)).catch(() => undefined);
  if (!target) return 'file';
  return target.isDirectory() ? 'dir' : target.isFile() ? 'file' : 'other';
}

/** Groups file names into migrations: `.up.sql`/`.down.sql` halves join by name. */
function fileCandidates(dir: string, names: string[]): Candidate[] {
  const candidates: Candidate[] = [];
  const pairs = new Map<string, Candidate>();
  for (const fileName of names) {
    const { role, name } = fileRole(fileName);
    const file = path.join(dir, fileName);
    if (role === 'single' || role === 'knex') {
      candidates.push({ layout: role, name, group: dir, up: file, down: undefined });
    } else if (role === 'pair-up' || role === 'pair-down') {
      const pair = pairs.get(name) ?? { layout: 'pair', name, group: dir, up: undefined, down: undefined };
      pairs.set(name, pair);
      if (role === 'pair-up') pair.up = file;
      else pair.down = file;
    }
  }
  return [...candidates, ...pairs.values()];
}

/**
 * The migration a directory holds: `up.sql` (+ `down.sql`) is diesel's layout, `migration.sql`
 * Prisma's; a lone `down.sql` still counts so that it is reported. Otherwise undefined.
 */
export async function directoryCandidate(dir: string): Promise<Candidate | undefined> {
  const names = new Set(await readdir(dir).catch(() => [] as string[]));
  const name = path.basename(dir);
  const group = path.dirname(dir);
  const at = (file: string): string => path.join(dir, file);
  const down = names.has(DIRECTORY_FILES.down) ? at(DIRECTORY_FILES.down) : undefined;
  if (names.has(DIRECTORY_FILES.up)) return { layout: 'directory', name, group, up: at(DIRECTORY_FILES.up), down };
  if (names.has(DIRECTORY_FILES.prisma)) return { layout: 'prisma', name, group, up: at(DIRECTORY_FILES.prisma), down: undefined };
  if (down) return { layout: 'directory', name, group, up: undefined, down };
  return undefined;
}

/**
 * The migration an explicitly named file belongs to: a pair half brings its sibling along,
 * and `up.sql`/`down.sql`/`migration.sql` stand for their directory. Undefined for a file
 * that is no migration at all (the caller reports it, since the user asked for it).
 */
export async function fileCandidate(file: string): Promise<Candidate | undefined> {
  const base = path.basename(file);
  const dir = path.dirname(file);
  if ((Object.values(DIRECTORY_FILES) as string[]).includes(base)) return directoryCandidate(dir);
  const { role, name } = fileRole(base);
  if (role === 'ignored') return undefined;
  if (role === 'single' || role === 'knex') return { layout: role, name, group: dir, up: file, down: undefined };
  const up = path.join(dir, `${name}.up.sql`);
  const down = path.join(dir, `${name}.down.sql`);
  return { layout: 'pair', name, group: dir, up: (await isFile(up)) ? up : undefined, down: (await isFile(down)) ? down : undefined };
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}
