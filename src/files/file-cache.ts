// The checksum cache (docs/decisions.md, "Checksum cache"): a no-op `up` over thousands of
// applied migrations spent most of its time reading and hashing files that had not changed
// (quality.md B2). Like git's index, the cache remembers each migration's checksum with the
// size, modification time and inode of its files; when all three still match, the file is not
// read. Its sections are then loaded only if something asks for them (a down, a plan), and
// checked against the cached checksum when they are.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Candidate } from './discover.js';
import type { FileStamp } from './load-sql.js';
import { CHECKSUM_ALGO, type MigrationForm } from './types.js';

export interface FileCacheOptions {
  /** Directory holding cache files (one per migrations directory). */
  dir: string;
  /** Smaller directories are read whole: the cache would save less than it costs. */
  minMigrations: number;
}

interface Entry {
  checksum: string;
  form: MigrationForm;
}

/**
 * Each entry is one string, `<form> <checksum> <size>,<mtimeMs>,<ino>[ …per file]`: ten
 * thousand strings parse and collect much faster than ten thousand nested objects (B2).
 */
interface CacheFile {
  algo: string;
  entries: Record<string, string>;
}

/**
 * A file modified this soon before it was cached could be modified again within the same
 * timestamp tick without its size changing; such files are not cached (git's "racy" entries).
 */
const RACY_MS = 2000;

const VERSION = 2;

/** Where cache files live: SAFE_MIGRATE_CACHE_DIR (or `off`), else $XDG_CACHE_HOME/safe-migrate, else ~/.cache/safe-migrate. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.SAFE_MIGRATE_CACHE_DIR;
  if (explicit === 'off') return undefined;
  if (explicit) return explicit;
  const base = env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'safe-migrate');
}

export class FileCache {
  private readonly fresh: Record<string, string> = {};
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly entries: Record<string, string>,
  ) {}

  /** Opens the cache of one migrations directory; an unreadable or foreign cache counts as empty. */
  static open(options: FileCacheOptions, migrationsDir: string): FileCache {
    const key = createHash('sha256').update(path.resolve(migrationsDir)).digest('hex').slice(0, 24);
    const file = path.join(options.dir, `files-v${VERSION}-${key}.json`);
    let entries: Record<string, string> = {};
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
      if (parsed.algo === CHECKSUM_ALGO && parsed.entries && typeof parsed.entries === 'object') entries = parsed.entries;
    } catch {
      // No cache yet, or a damaged one: it is rebuilt.
    }
    return new FileCache(file, entries);
  }

  /** The cached checksum and form of a candidate whose files are unchanged, or undefined. */
  lookup(candidate: Candidate): Entry | undefined {
    const key = keyOf(candidate);
    const line = this.entries[key];
    if (typeof line !== 'string') return undefined;
    const [form, checksum, ...stamps] = line.split(' ');
    const files = filesOf(candidate);
    if (!form || !checksum || stamps.length !== files.length) return this.miss();
    for (const [i, file] of files.entries()) {
      const stat = statSync(file, { throwIfNoEntry: false });
      if (!stat || !stat.isFile() || stamps[i] !== stampOf(stat)) return this.miss();
    }
    this.fresh[key] = line;
    return { checksum, form: form as MigrationForm };
  }

  /** Records a migration just read in full (only files not modified within RACY_MS). */
  remember(candidate: Candidate, stamps: FileStamp[], checksum: string, form: MigrationForm, now = Date.now()): void {
    if (stamps.some((s) => now - s.mtimeMs < RACY_MS)) return;
    this.fresh[keyOf(candidate)] = [form, checksum, ...stamps.map(stampOf)].join(' ');
    this.changed = true;
  }

  /** Writes the cache when it changed: only the migrations seen this time, so deleted files drop out. Best effort. */
  save(): void {
    if (!this.changed && Object.keys(this.fresh).length === Object.keys(this.entries).length) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      // Written whole, then renamed: a concurrent reader sees the old cache or the new one.
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify({ algo: CHECKSUM_ALGO, entries: this.fresh } satisfies CacheFile));
      renameSync(temp, this.file);
      pruneStale(path.dirname(this.file));
    } catch {
      // A read-only home or cache directory only costs speed.
    }
  }

  private miss(): undefined {
    this.changed = true;
    return undefined;
  }
}

/** Cache files of directories not migrated for this long (deleted checkouts, temporary directories) are removed. */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

/** Removes this directory's stale cache files; only when a cache is written, so a no-op run pays nothing. */
function pruneStale(dir: string, now = Date.now()): void {
  for (const name of readdirSync(dir)) {
    if (!/^files-v\d+-[0-9a-f]+\.json$/.test(name)) continue;
    const file = path.join(dir, name);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat && now - stat.mtimeMs > STALE_MS) rmSync(file, { force: true });
  }
}

function stampOf(stat: { size: number; mtimeMs: number; ino: number }): string {
  return `${stat.size},${stat.mtimeMs},${stat.ino}`;
}

function filesOf(candidate: Candidate): string[] {
  return [candidate.up!, ...(candidate.down ? [candidate.down] : [])];
}

function keyOf(candidate: Candidate): string {
  return `${candidate.layout}\0${candidate.up ?? ''}\0${candidate.down ?? ''}`;
}
