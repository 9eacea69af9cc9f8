// The shapes every other folder receives from `files/`: migrations already read,
// split into sections and checksummed, with problems reported instead of thrown.

/** How a migration was written. All forms may be mixed in one directory (spec §2). */
export type MigrationForm =
  | 'sql' //            ID_name.sql with -- migrate:up / -- migrate:down (also dbmate), or no markers (all up)
  | 'sql-pair' //       ID_name.up.sql + ID_name.down.sql (also golang-migrate)
  | 'directory' //      ID_name/up.sql + ID_name/down.sql (diesel)
  | 'goose' //          -- +goose Up / -- +goose Down
  | 'prisma' //         ID_name/migration.sql (up only)
  | 'knex'; //          ID_name.{js,mjs,cjs,ts} exporting up(knex) / down(knex)

export interface SqlSection {
  type: 'sql';
  /** Path of the file holding this section, relative to the working directory when possible. */
  file: string;
  /** The section's SQL text (markers removed, original line structure kept). */
  text: string;
  /** The file line on which `text` starts (1-based), so locations point into the real file. */
  firstLine: number;
  /** `-- safe-migrate:no-transaction` (or goose's `-- +goose NO TRANSACTION`) was present. */
  noTransaction: boolean;
}

export interface KnexSection {
  type: 'knex';
  file: string;
  /** SQL captured offline by running the function against a recording knex client, one entry per query. */
  captured: string[];
  /** The module's function; the runner calls it with a real knex transaction (or knex when not transactional). */
  run: (knex: unknown) => unknown;
  noTransaction: boolean;
}

export type Section = SqlSection | KnexSection;

export interface Migration {
  /** Sortable id: the file or directory name up to the first `_` (`0001`, `20261123T0912`). */
  id: string;
  /** Full name without extension (`0001_create_users`). */
  name: string;
  form: MigrationForm;
  /** Files that make up this migration (for messages and integrity). */
  files: string[];
  /** SHA-256 hex of the normalised content (CRLF/CR→LF, BOM stripped); pairs hash up and down. */
  checksum: string;
  up: Section;
  down: Section | undefined;
}

/** Bad input found while reading: reported with file and line, before anything runs. */
export interface InputProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** What to do about it. */
  hint?: string;
}

export interface ReadResult {
  migrations: Migration[];
  problems: InputProblem[];
}

/** Version stamped next to every stored checksum, so the normalisation can change later. */
export const CHECKSUM_ALGO = 'sha256-lf-nobom-v1';
