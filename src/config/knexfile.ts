// Knex users keep their connection settings in a knexfile; safe-migrate reuses them
// (`--knexfile path --env name`) instead of asking for a second copy.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SafeMigrateError } from '../errors.js';

interface KnexConnectionObject {
  host?: string;
  port?: number | string;
  user?: string;
  password?: string;
  database?: string;
  connectionString?: string;
  filename?: string;
}

export async function readKnexfile(file: string, envName: string) {
  if (!existsSync(file)) throw new SafeMigrateError('usage', `knexfile not found: ${file}`, { hint: 'check the --knexfile path' });
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new SafeMigrateError('usage', `knexfile failed to load: ${(error as Error).message}`, { where: { file } });
  }
  const exported = (mod.default ?? mod) as Record<string, any>;
  const settings = exported.client || exported.connection ? exported : exported[envName];
  if (!settings) {
    throw new SafeMigrateError('usage', `knexfile has no environment "${envName}"`, {
      where: { file },
      hint: `use --env with one of: ${Object.keys(exported).join(', ')}`,
    });
  }
  const client = String(settings.client ?? 'pg');
  if (!/^(pg|postgres|postgresql)$/.test(client)) {
    throw new SafeMigrateError('usage', `knexfile environment "${envName}" uses client "${client}"; safe-migrate supports PostgreSQL (client "pg")`, { where: { file } });
  }
  const connection = typeof settings.connection === 'function' ? await settings.connection() : settings.connection;
  return {
    file,
    baseDir: dirname(file),
    url: toUrl(connection),
    directory: Array.isArray(settings.migrations?.directory) ? settings.migrations.directory[0] : settings.migrations?.directory,
  };
}

function toUrl(connection: string | KnexConnectionObject | undefined): string | undefined {
  if (!connection) return undefined;
  if (typeof connection === 'string') return connection;
  if (connection.connectionString) return connection.connectionString;
  const auth = connection.user ? `${encodeURIComponent(connection.user)}${connection.password ? `:${encodeURIComponent(connection.password)}` : ''}@` : '';
  return `postgres://${auth}${connection.host ?? 'localhost'}:${connection.port ?? 5432}/${encodeURIComponent(connection.database ?? '')}`;
}
