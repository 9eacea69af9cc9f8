// Colour registry operations with their IO: validation, the migration lock (so `up` sees a
// consistent registry and re-checks the gate against it), the schema snapshot and the audit
// event. The registry's storage and the gate themselves live in colours/.
import { readFileSync } from 'node:fs';
import { deployColour, parseManifest, readColours, retireColour, switchColour, takeSnapshot, unknownObjects, type Colour, type References } from '../colours/index.js';
import { SafeMigrateError } from '../errors.js';
import { withMigrationLock } from './locked.js';
import { deprecateUnlisted, syncRollouts } from './rollout-api.js';
import type { MigratorContext } from './migrator.js';

export interface DeployOptions {
  colour: string;
  release: string;
  /** A parsed manifest object, or a path to a manifest JSON file. */
  manifest?: unknown;
  manifestPath?: string;
}

export interface DeployResult {
  colour: Colour;
  /** Manifest entries naming objects the database does not have. */
  warnings: string[];
  /** Columns this manifest stopped listing, now deprecated (spec §6.3). */
  deprecated: string[];
}

export async function deploy(ctx: MigratorContext, options: DeployOptions): Promise<DeployResult> {
  checkColourName(ctx, options.colour);
  if (!options.release || /[\u0000-\u001f]/.test(options.release)) throw new SafeMigrateError('usage', `--release must be a non-empty id without control characters, got ${JSON.stringify(options.release)}`);
  const manifest = options.manifestPath !== undefined || options.manifest !== undefined ? loadManifest(ctx, options) : null;
  return withMigrationLock(ctx, async (session) => {
    const current = await readColours(session, ctx.config.internalSchema, ctx.config.colours);
    const snapshot = await takeSnapshot(session, ctx.config.internalSchema);
    const warnings = manifest ? unknownObjects(manifest, snapshot).map((o) => `the manifest lists ${o}, which does not exist in the database`) : [];
    const colour = await deployColour(session, ctx.config.internalSchema, { colour: options.colour, release: options.release, manifest, snapshot }, current);
    const deprecated = await deprecateUnlisted(ctx, session, colour, current);
    await syncRollouts(ctx, session);
    return { colour, warnings, deprecated };
  });
}

export async function switchTo(ctx: MigratorContext, colour: string): Promise<{ live: string; idle: string | undefined }> {
  checkColourName(ctx, colour);
  return withMigrationLock(ctx, async (session) => {
    const result = await switchColour(session, ctx.config.internalSchema, colour, await readColours(session, ctx.config.internalSchema, ctx.config.colours));
    await syncRollouts(ctx, session);
    return result;
  });
}

export async function retire(ctx: MigratorContext, colour: string, reason?: string): Promise<void> {
  checkColourName(ctx, colour);
  await withMigrationLock(ctx, async (session) => {
    await retireColour(session, ctx.config.internalSchema, colour, await readColours(session, ctx.config.internalSchema, ctx.config.colours), reason);
    await syncRollouts(ctx, session);
  });
}

export async function status(ctx: MigratorContext): Promise<Colour[]> {
  return readColours(await ctx.session(), ctx.config.internalSchema, ctx.config.colours);
}

function checkColourName(ctx: MigratorContext, colour: string): void {
  if (!ctx.config.colours.includes(colour)) {
    throw new SafeMigrateError('usage', `unknown colour "${colour}"`, { hint: `use one of: ${ctx.config.colours.join(', ')} (config "colours")` });
  }
}

function loadManifest(ctx: MigratorContext, options: DeployOptions): References {
  let value = options.manifest;
  const file = options.manifestPath;
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new SafeMigrateError('usage', `cannot read manifest: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message}`, { where: { file } });
    }
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new SafeMigrateError('usage', `manifest is not valid JSON: ${(error as Error).message}`, { where: { file }, hint: 'fix the JSON; see docs/concepts/colours.md for the format' });
    }
  }
  const parsed = parseManifest(value, ctx.config.defaultSchema);
  if (!parsed.references) {
    const [first, ...rest] = parsed.problems.map((p) => new SafeMigrateError('usage', `invalid manifest: ${p}`, { where: { file } }));
    throw new SafeMigrateError('usage', first!.message, { where: { file }, more: rest, hint: 'see docs/concepts/colours.md for the manifest format' });
  }
  if (parsed.release !== undefined && parsed.release !== options.release) {
    throw new SafeMigrateError('usage', `the manifest is for release ${parsed.release}, but --release is ${options.release}`, { where: { file }, hint: 'deploy the manifest that belongs to this release' });
  }
  return parsed.references;
}
