// Public surface of files/: reading migrations in every accepted layout, checksums,
// and offline capture of knex modules' SQL.
export { readMigrations, readMigrationPaths, type ReadOptions } from './read.js';
export { defaultCacheDir, type FileCacheOptions } from './file-cache.js';
export { checksum, checksumParts, normaliseText, normaliseBytes, CHECKSUM_ALGO } from './normalise.js';
export type { CaptureResult } from './knex-recorder.js';
export { MAX_FILE_BYTES } from './load-sql.js';
export { migrationId, compareNames } from './names.js';
export type { MigrationForm, SqlSection, KnexSection, Section, Migration, InputProblem, ReadResult } from './types.js';
