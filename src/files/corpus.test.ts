// Reads real migration directories from public projects (the shared corpus beside the repo,
// never copied into it): diesel directories (lemmy), golang-migrate pairs (harbor, nested
// one level below the path given), Prisma directories (documenso).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { readMigrationPaths, readMigrations } from './read.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/public');
const exists = existsSync(corpus);

describe('public corpus', () => {
  it.runIf(exists)(`reads lemmy, harbor and documenso without problems (skipped: no corpus at ${corpus})`, async () => {
    const lemmy = await readMigrations(path.join(corpus, 'lemmy/migrations'));
    expect(lemmy.problems).toEqual([]);
    expect(lemmy.migrations).toHaveLength(342);
    expect(lemmy.migrations.every((m) => m.form === 'directory' && m.down !== undefined)).toBe(true);
    expect(lemmy.migrations[0]!.id).toBe('00000000000000');

    const harbor = await readMigrationPaths([path.join(corpus, 'harbor/make/migrations')]);
    expect(harbor.problems).toEqual([]);
    expect(harbor.migrations).toHaveLength(39);
    expect(harbor.migrations.every((m) => m.form === 'sql-pair' && m.down === undefined)).toBe(true);
    expect(harbor.migrations[0]!.name).toBe('0001_initial_schema');

    const documenso = await readMigrations(path.join(corpus, 'documenso/packages/prisma/migrations'));
    expect(documenso.problems).toEqual([]);
    expect(documenso.migrations).toHaveLength(163);
    expect(documenso.migrations.every((m) => m.form === 'prisma' && m.down === undefined)).toBe(true);

    const all = [...lemmy.migrations, ...harbor.migrations, ...documenso.migrations];
    expect(new Set(all.map((m) => m.checksum)).size).toBeGreaterThan(500);
  });
});
