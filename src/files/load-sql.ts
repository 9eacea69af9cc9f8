// Loads SQL migrations (single files, pairs, directories, Prisma): reads bytes with a size
// limit, decodes strict UTF-8, normalises, splits into sections and checksums. Every
// failure becomes an InputProblem with file and line, so one bad file never hides the rest.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SafeMigrateError } from '../errors.js';
import { decodeUtf8 } from './decode.js';
import type { Candidate } from './discover.js';
import { displayPath, migrationId } from './names.js';
import { checksumParts, normaliseText } from './normalise.js';
import { isCommentOnly } from './comments.js';
import { splitSqlFile, wholeSection } from './sections.js';
import type { InputProblem, Migration, MigrationForm, Section, SqlSection } from './types.js';

export interface LoadContext {
  cwd: string;
}

export interface Loaded {
  /** Undefined when the files could not be understood at all (the problems say why). */
  migration: Migration | undefined;
  problems: InputProblem[];
  /** The files read (SQL layouts), for the checksum cache. */
  stamps?: FileStamp[];
}

/** Files above this size are refused: far beyond any hand-written migration, and kept in memory whole. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** What the checksum cache compares to tell that a file is unchanged (file-cache.ts). */
export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export type Source = { ok: true; file: string; bytes: Uint8Array; text: string; stamp: FileStamp } | { ok: false; problem: InputProblem };

/** Reads one file: size check, read, strict UTF-8, normalised text (no BOM, LF only). Synchronous (see below). */
export function readSourceFile(absolute: string, ctx: LoadContext): Source {
  const file = displayPath(absolute, ctx.cwd);
  let bytes: Uint8Array;
  let stamp: FileStamp;
  try {
    // Synchronous on purpose: for thousands of small files the promise API's per-call overhead
    // dominated a no-op `up` (quality.md B2); a CLI has nothing else to do meanwhile.
    // One open, then fstat and read on the descriptor: a separate stat of the path cost a
    // second lookup per file.
    const fd = openSync(absolute, 'r');
    try {
      const { size, mtimeMs, ino } = fstatSync(fd);
      if (size > MAX_FILE_BYTES) return { ok: false, problem: tooLarge(file, size) };
      stamp = { path: absolute, size, mtimeMs, ino };
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { ok: false, problem: unreadable(file, error) };
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { ok: false, problem: invalidUtf8(file, decoded.line, decoded.column) };
  return { ok: true, file, bytes, text: normaliseText(decoded.text), stamp };
}

/** Loads a non-knex candidate into a Migration (when its content can be understood). Synchronous, so a lazily loaded migration can call it from a getter. */
export function loadSqlCandidate(candidate: Candidate, ctx: LoadContext): Loaded {
  if (candidate.up === undefined) return { migration: undefined, problems: [loneDown(candidate, ctx)] };
  const up = readSourceFile(candidate.up, ctx);
  const down = candidate.down === undefined ? undefined : readSourceFile(candidate.down, ctx);
  const failed = [up, down].flatMap((source) => (source && !source.ok ? [source.problem] : []));
  if (!up.ok || (down && !down.ok)) return { migration: undefined, problems: failed };
  const split = candidate.layout === 'single' ? splitSqlFile(up.text, up.file) : undefined;
  const sections: { up: SqlSection | undefined; down: SqlSection | undefined } = split ?? {
    up: wholeSection(up.text, up.file),
    down: down ? wholeSection(down.text, down.file) : undefined,
  };
  const problems = split?.problems ?? [];
  if (!sections.up) return { migration: undefined, problems };
  if (isCommentOnly(sections.up.text)) problems.push(emptyUpProblem(up.file, Math.max(1, sections.up.firstLine - 1)));
  const migration = toMigration(candidate, split?.form ?? formOf(candidate), sections.up, sections.down, {
    files: [up.file, ...(down ? [down.file] : [])],
    checksum: checksumParts(up.bytes, down?.bytes),
  });
  return { migration, problems, stamps: [up.stamp, ...(down ? [down.stamp] : [])] };
}

/**
 * A migration whose files the checksum cache vouches for (file-cache.ts): id, name, files and
 * checksum without reading anything; the sections are read on first use. A file changed since
 * the stat check fails that use, rather than running SQL that does not match the checksum.
 */
export function cachedMigration(candidate: Candidate, cached: { checksum: string; form: MigrationForm }, ctx: LoadContext): Migration {
  const files = [candidate.up!, ...(candidate.down ? [candidate.down] : [])].map((f) => displayPath(f, ctx.cwd));
  let loaded: Migration | undefined;
  const load = (): Migration => {
    if (loaded) return loaded;
    const { migration } = loadSqlCandidate(candidate, ctx);
    if (!migration || migration.checksum !== cached.checksum) {
      throw new SafeMigrateError('input', `${files[0]} changed while safe-migrate was running`, { where: { file: files[0] }, hint: 'run the command again' });
    }
    loaded = migration;
    return loaded;
  };
  return {
    id: migrationId(candidate.name),
    name: candidate.name,
    form: cached.form,
    files,
    checksum: cached.checksum,
    get up() {
      return load().up;
    },
    get down() {
      return load().down;
    },
  };
}

function formOf(candidate: Candidate): MigrationForm {
  const forms: Record<Candidate['layout'], MigrationForm> = {
    single: 'sql',
    pair: 'sql-pair',
    directory: 'directory',
    prisma: 'prisma',
    knex: 'knex',
  };
  return forms[candidate.layout];
}

function toMigration(
  candidate: Candidate,
  form: MigrationForm,
  up: Section,
  down: Section | undefined,
  extra: Pick<Migration, 'files' | 'checksum'>,
): Migration {
  return { id: migrationId(candidate.name), name: candidate.name, form, ...extra, up, down };
}

/** The up section holds only whitespace and comments (line: its marker, or 1). */
function emptyUpProblem(file: string, line: number): InputProblem {
  return {
    file,
    line,
    message: 'empty up section: it holds no SQL, only whitespace or comments',
    hint: 'write the migration\'s SQL in the up section, or delete the migration if it is not needed',
  };
}

function loneDown(candidate: Candidate, ctx: LoadContext): InputProblem {
  const file = displayPath(candidate.down!, ctx.cwd);
  if (candidate.layout === 'pair') {
    return {
      file,
      message: `${path.basename(file)} has no matching ${candidate.name}.up.sql`,
      hint: `add ${candidate.name}.up.sql beside it, or delete the down file`,
    };
  }
  return { file, message: `down.sql without up.sql in ${candidate.name}/`, hint: `add ${candidate.name}/up.sql, or delete the directory` };
}

function tooLarge(file: string, size: number): InputProblem {
  const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;
  return {
    file,
    message: `file is too large (${mb(size)}; the limit is ${mb(MAX_FILE_BYTES)})`,
    hint: 'split it into several migrations, or load bulk data with COPY from a separate file',
  };
}

function unreadable(file: string, error: unknown): InputProblem {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : String((error as Error)?.message ?? error);
  return { file, message: `cannot read file: ${reason}`, hint: 'check that the file exists and is readable by this user' };
}

function invalidUtf8(file: string, line: number, column: number): InputProblem {
  return {
    file,
    line,
    column,
    message: 'file is not valid UTF-8',
    hint: 'save the file as UTF-8 (for example: iconv -f LATIN1 -t UTF-8)',
  };
}
