// Loads a knex migration module (`ID_name.{js,mjs,cjs,ts}`): imports it, finds `up`,
// `down` and `config`, and captures their SQL offline so the module is linted and
// classified like a SQL file. Dynamic import() lets Node pick CommonJS or ESM from the
// extension and the nearest package.json, exactly as it would for the user's project.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Candidate } from './discover.js';
import { captureKnexSql } from './knex-recorder.js';
import type { LoadContext, Loaded } from './load-sql.js';
import { readSourceFile } from './load-sql.js';
import { migrationId } from './names.js';
import { checksum } from './normalise.js';
import type { InputProblem, KnexSection } from './types.js';

type MigrationFn = (knex: unknown) => unknown;

interface KnexExports {
  up: unknown;
  down: unknown;
  config: unknown;
}

/** Reads, imports and records one knex module; problems instead of exceptions. */
export async function loadKnexCandidate(candidate: Candidate, ctx: LoadContext): Promise<Loaded> {
  const source = readSourceFile(candidate.up!, ctx);
  if (!source.ok) return { migration: undefined, problems: [source.problem] };
  const file = source.file;
  const imported = await importModule(candidate.up!, file);
  if (!imported.ok) return { migration: undefined, problems: [imported.problem] };
  const { up, down, config } = imported.exports;
  if (typeof up !== 'function') return { migration: undefined, problems: [missingUp(file, up)] };
  if (down !== undefined && typeof down !== 'function') return { migration: undefined, problems: [badDown(file)] };
  const noTransaction = (config as { transaction?: unknown } | undefined)?.transaction === false;
  const problems: InputProblem[] = [];
  const upSection = await recordSection(file, up as MigrationFn, 'up', noTransaction, problems);
  // An up that failed is reported as such; one that ran fine but built no query is "empty".
  if (problems.length === 0 && upSection.captured.length === 0) problems.push(emptyKnexUp(file));
  const downSection = down ? await recordSection(file, down as MigrationFn, 'down', noTransaction, problems) : undefined;
  const migration = {
    id: migrationId(candidate.name),
    name: candidate.name,
    form: 'knex' as const,
    files: [file],
    checksum: checksum(source.bytes),
    up: upSection,
    down: downSection,
  };
  return { migration, problems };
}

async function recordSection(
  file: string,
  run: MigrationFn,
  direction: 'up' | 'down',
  noTransaction: boolean,
  problems: InputProblem[],
): Promise<KnexSection> {
  const result = await captureKnexSql(run);
  if (!result.ok) problems.push(captureFailed(file, direction, result.error));
  return { type: 'knex', file, captured: result.captured, run, noTransaction };
}

type Imported = { ok: true; exports: KnexExports } | { ok: false; problem: InputProblem };

async function importModule(absolute: string, file: string): Promise<Imported> {
  try {
    const namespace = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
    return { ok: true, exports: pickExports(namespace) };
  } catch (error) {
    return { ok: false, problem: importProblem(error, absolute, file) };
  }
}

/**
 * ESM modules export `up` by name; CommonJS ones may only be reachable through `default`
 * (module.exports), when Node's static analysis did not see the named exports.
 */
function pickExports(namespace: Record<string, unknown>): KnexExports {
  const fallback = (namespace.default ?? {}) as Record<string, unknown>;
  const pick = (key: string): unknown => (namespace[key] !== undefined ? namespace[key] : fallback[key]);
  return { up: pick('up'), down: pick('down'), config: pick('config') };
}

/** The error's message (first line, never a stack) and, when the stack names this file, its line. */
export function importProblem(error: unknown, absolute: string, file: string): InputProblem {
  const code = (error as { code?: unknown } | null)?.code;
  if (absolute.endsWith('.ts') && code === 'ERR_UNKNOWN_FILE_EXTENSION') {
    return {
      file,
      message: 'cannot import a TypeScript knex module: this Node.js runs .ts files only with a loader',
      hint: 'compile it to .js (or write it as .js/.mjs), or run safe-migrate with a TypeScript loader (node --import tsx)',
    };
  }
  return {
    file,
    line: lineInStack(error, absolute),
    message: `knex module failed to import: ${errorMessage(error)}`,
    hint: 'fix the error so that the module can be imported, e.g. try: node -e "import(\'./path/to/module\')"',
  };
}

function lineInStack(error: unknown, absolute: string): number | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const prefix of [pathToFileURL(absolute).href, absolute]) {
    const at = stack.indexOf(`${prefix}:`);
    if (at === -1) continue;
    const match = /^:(\d+)/.exec(stack.slice(at + prefix.length));
    if (match) return Number(match[1]);
  }
  return undefined;
}

/**
 * The error's message without a stack: its first line, or the first two when the first
 * only introduces the next ("Parse failed with 1 error:"). Thrown non-errors are stringified.
 */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').map((line) => line.trim()).filter(Boolean);
  const shown = lines[0]?.endsWith(':') && lines[1] ? `${lines[0]} ${lines[1]}` : lines[0];
  return shown ?? (error instanceof Error ? error.name : 'unknown error');
}

function missingUp(file: string, up: unknown): InputProblem {
  return {
    file,
    message: up === undefined ? 'knex module does not export an up function' : `knex module exports "up" but it is a ${typeof up}, not a function`,
    hint: `export it: "export async function up(knex) { … }" (ESM) or "exports.up = function (knex) { … }" (CommonJS); ${path.basename(file)} is read as a migration because of its extension`,
  };
}

function badDown(file: string): InputProblem {
  return { file, message: 'knex module exports "down" but it is not a function', hint: 'export down(knex) as a function, or remove the export' };
}

function captureFailed(file: string, direction: 'up' | 'down', error: unknown): InputProblem {
  return {
    file,
    message: `${direction}(knex) failed while its SQL was recorded offline: ${errorMessage(error)}`,
    hint: 'the recorder runs without a database and answers every query with an empty result (hasTable → false); make the migration not depend on query results, or write it as SQL',
  };
}

function emptyKnexUp(file: string): InputProblem {
  return {
    file,
    message: 'empty up section: up(knex) ran no query',
    hint: 'return or await the knex builders (a builder that is never awaited never runs)',
  };
}
