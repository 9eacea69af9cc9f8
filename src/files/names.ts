// What a file name says about a migration: its layout role, its name and id, and how
// its path is shown. Decided from names only, so discovery never opens a file it ignores.
import path from 'node:path';

export type FileRole = 'single' | 'pair-up' | 'pair-down' | 'knex' | 'ignored';

const KNEX_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts'];
/** Files inside a directory-per-migration (diesel) or Prisma migration directory. */
export const DIRECTORY_FILES = { up: 'up.sql', down: 'down.sql', prisma: 'migration.sql' } as const;

/** The role of a file found directly in a migrations directory, and the migration name it gives. */
export function fileRole(fileName: string): { role: FileRole; name: string } {
  if (isIgnoredName(fileName)) return { role: 'ignored', name: fileName };
  if (fileName.endsWith('.up.sql')) return { role: 'pair-up', name: fileName.slice(0, -'.up.sql'.length) };
  if (fileName.endsWith('.down.sql')) return { role: 'pair-down', name: fileName.slice(0, -'.down.sql'.length) };
  if (fileName.endsWith('.sql')) return { role: 'single', name: fileName.slice(0, -'.sql'.length) };
  const extension = KNEX_EXTENSIONS.find((ext) => fileName.endsWith(ext));
  if (extension) return { role: 'knex', name: fileName.slice(0, -extension.length) };
  return { role: 'ignored', name: fileName };
}

/** Dotfiles, docs, type declarations, and names that are only an extension (`.up.sql` has no name). */
function isIgnoredName(fileName: string): boolean {
  if (fileName.startsWith('.')) return true;
  if (/^readme\b/i.test(fileName) || /\.(md|markdown)$/i.test(fileName)) return true;
  if (/\.d\.[cm]?ts$/.test(fileName)) return true;
  return /^(\.up|\.down)?\.sql$/.test(fileName);
}

/** `0001` of `0001_create_users`: the name up to the first `_`, or the whole name without one. */
export function migrationId(name: string): string {
  const underscore = name.indexOf('_');
  return underscore === -1 ? name : name.slice(0, underscore);
}

/** Plain UTF-16 code-unit order: the same on every machine, unlike localeCompare. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Relative to `cwd` when the file is inside it, otherwise absolute. */
export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  if (relative === '') return '.';
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return absolute;
  return relative;
}
