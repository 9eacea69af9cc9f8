// The library face of the runner: createMigrator(config) → status / plan / up / down / repair / log.
// Expected outcomes are results (RunResult); bad input and unavailable databases throw
// SafeMigrateError. Never prints, never exits.
import type { BaselineOptions, BaselineResult } from './baseline.js';
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import type { Config } from '../config/index.js';
import { inTransaction, openDatabase, readLayoutVersion, type Database, type Session } from '../db/index.js';
import { SafeMigrateError } from '../errors.js';
import { defaultCacheDir, readMigrations } from '../files/index.js';
import type { InputProblem, Migration } from '../files/types.js';
import { readEvents, writeEvent, type EventRow } from './events.js';
import { Ledger } from './ledger.js';
import { reconcile, type Reconciled, type StatusEntry } from './reconcile.js';
import type { EventSink } from './run-events.js';
import { runDown, type DownOptions } from './down.js';
import { runUp, type UpOptions } from './up.js';
import { planPending, type PlanReport } from './plan.js';
import type { RunResult } from './result.js';
import * as colourApi from './colour-api.js';
import * as rolloutApi from './rollout-api.js';
import type { RolloutRow } from './rollout-api.js';
import type { DeployOptions, DeployResult } from './colour-api.js';
import type { Colour } from '../colours/index.js';
import type { BackfillOptions, BackfillResult } from './backfill.js';

export interface MigratorOptions {
  config: Config;
  /** Receives progress events (lock waits, retries, each migration). */
  onEvent?: EventSink;
}

export interface StatusReport {
  database: string;
  migrations: StatusEntry[];
  problems: Reconciled['problems'];
}

export interface Migrator {
  status(): Promise<StatusReport>;
  plan(options?: { to?: string }): Promise<PlanReport>;
  up(options?: UpOptions): Promise<RunResult>;
  down(options?: DownOptions): Promise<RunResult>;
  repair(action: RepairAction, id: string, reason?: string): Promise<string>;
  /** Records the migrations up to `to` as applied without running them: adopting a database another tool migrated. */
  baseline(options: BaselineOptions): Promise<BaselineResult>;
  log(limit?: number): Promise<EventRow[]>;
  /** A release was deployed into a (non-live) colour; stores its manifest or a schema snapshot. */
  deployColour(options: DeployOptions): Promise<DeployResult>;
  /** That colour goes live; the previously live one becomes idle (the rollback target). */
  switchColour(colour: string): Promise<{ live: string; idle: string | undefined }>;
  /** The colour is torn down: empty, references nothing. */
  retireColour(colour: string, reason?: string): Promise<void>;
  colours(): Promise<Colour[]>;
  /** Every rollout with its phase, when each phase was reached, and what it waits for. */
  rollouts(): Promise<RolloutRow[]>;
  /** Declares a column unused by application code from now on (spec §6.3). */
  deprecate(object: string, reason?: string): Promise<void>;
  /** Fills one column in primary-key-ordered batches, resumable, subject to the rollout ledger (spec §7.8). */
  backfill(options: BackfillOptions): Promise<BackfillResult>;
  close(): Promise<void>;
}

export type RepairAction = 'accept' | 'applied' | 'rolled-back';

/** Internal state shared by the commands of one migrator. */
export interface MigratorContext {
  config: Config;
  ledger: Ledger;
  onEvent: EventSink;
  runId: string;
  database(): Promise<Database>;
  session(): Promise<Session>;
  /**
   * The connection for the migration lock: PostgreSQL's own (so the lock outlives the work
   * session's transactions), PGlite's only one. Opened by prefetchLockSession when one was asked for.
   */
  lockSession(): Promise<Session>;
  /** Starts opening the lock connection (a server forks a backend) while the caller plans. */
  prefetchLockSession(): void;
  readFiles(): Promise<Migration[]>;
  reconcileNow(files: Migration[]): Promise<Reconciled>;
}

/**
 * Creates a migrator for the configured database and migrations directory.
 * @example
 *   const migrator = createMigrator({ config: await loadConfig() });
 *   const result = await migrator.up();
 *   await migrator.close();
 */
export function createMigrator(options: MigratorOptions): Migrator {
  const { config } = options;
  let db: Database | undefined;
  let session: Session | undefined;
  let prefetchedLock: Promise<Session> | undefined;
  const openLockSession = async () => {
    const database = await ctx.database();
    return database.kind === 'pg' ? database.openSession('lock') : ctx.session();
  };
  const ctx: MigratorContext = {
    config,
    ledger: new Ledger(config.internalSchema),
    onEvent: options.onEvent ?? (() => undefined),
    runId: randomUUID(),
    async database() {
      if (!config.database) {
        throw new SafeMigrateError('usage', 'no database configured', {
          hint: 'pass --database <url>, set DATABASE_URL, add "database" to safe-migrate.config.json, or point --knexfile at your knexfile',
        });
      }
      // A relative pglite:<dir> in the config file is relative to that file, like migrationsDir.
      const base = config.configFile && config.databaseSource === config.configFile ? dirname(config.configFile) : config.cwd;
      db ??= await openDatabase(config.database, { cwd: base });
      return db;
    },
    async session() {
      session ??= await (await ctx.database()).openSession('work');
      return session;
    },
    lockSession() {
      const prefetched = prefetchedLock;
      prefetchedLock = undefined;
      return prefetched ?? openLockSession();
    },
    prefetchLockSession() {
      if (prefetchedLock) return;
      prefetchedLock = openLockSession();
      // A failure surfaces when the session is taken (or never, if planning stops first).
      prefetchedLock.catch(() => undefined);
    },
    readFiles: () => readFilesOrThrow(config),
    async reconcileNow(files) {
      const s = await ctx.session();
      const version = await readLayoutVersion(s, config.internalSchema);
      const rows = version === undefined ? [] : await ctx.ledger.read(s);
      return reconcile(files, rows, { allowOutOfOrder: config.allowOutOfOrder });
    },
  };
  return {
    async status() {
      const files = await ctx.readFiles();
      const rec = await ctx.reconcileNow(files);
      return { database: (await ctx.database()).display, migrations: rec.entries, problems: rec.problems };
    },
    plan: (planOptions) => planPending(ctx, planOptions ?? {}),
    up: (upOptions) => runUp(ctx, upOptions ?? {}),
    down: (downOptions) => runDown(ctx, downOptions ?? {}),
    repair: (action, id, reason) => repair(ctx, action, id, reason),
    // Loaded on use, like backfill: it parses the files it records.
    baseline: async (baselineOptions) => (await import('./baseline.js')).runBaseline(ctx, baselineOptions),
    async log(limit = 50) {
      const s = await ctx.session();
      if ((await readLayoutVersion(s, config.internalSchema)) === undefined) return [];
      return readEvents(s, config.internalSchema, limit);
    },
    deployColour: (deployOptions) => colourApi.deploy(ctx, deployOptions),
    switchColour: (colour) => colourApi.switchTo(ctx, colour),
    retireColour: (colour, reason) => colourApi.retire(ctx, colour, reason),
    colours: () => colourApi.status(ctx),
    rollouts: () => rolloutApi.rolloutStatus(ctx),
    deprecate: (object, reason) => rolloutApi.deprecate(ctx, object, reason),
    // Loaded on use: backfill pulls in the SQL parser, which plain up/status do not need (B2).
    backfill: async (backfillOptions) => (await import('./backfill.js')).backfill(ctx, backfillOptions),
    async close() {
      // A prefetched lock connection not taken (planning stopped) is closed with the others.
      await prefetchedLock?.catch(() => undefined);
      prefetchedLock = undefined;
      await db?.close();
      db = undefined;
      session = undefined;
    },
  };
}

/** Below this many migrations, reading every file costs a few milliseconds: no cache file is kept. */
const CACHE_MIN_MIGRATIONS = 200;

async function readFilesOrThrow(config: Config): Promise<Migration[]> {
  const cacheDir = defaultCacheDir();
  const cache = cacheDir ? { dir: cacheDir, minMigrations: CACHE_MIN_MIGRATIONS } : undefined;
  const { migrations, problems } = await readMigrations(config.migrationsDir, { cwd: config.cwd, cache });
  if (problems.length > 0) throw inputError(problems);
  return migrations;
}

/** All input problems in one error: the first is the message, the rest ride along. */
export function inputError(problems: InputProblem[]): SafeMigrateError {
  const [first, ...rest] = problems.map(
    (p) => new SafeMigrateError('input', p.message, { where: { file: p.file, line: p.line, column: p.column }, hint: p.hint }),
  );
  return new SafeMigrateError('input', first!.message, { where: first!.where, hint: first!.hint, more: rest });
}

async function repair(ctx: MigratorContext, action: RepairAction, id: string, reason?: string): Promise<string> {
  const files = await ctx.readFiles().catch(() => [] as Migration[]);
  const { withMigrationLock } = await import('./locked.js');
  return withMigrationLock(ctx, async (session) => {
    const rows = await ctx.ledger.read(session);
    const row = rows.find((r) => r.id === id || r.name === id);
    if (!row) throw new SafeMigrateError('usage', `no ledger row for migration "${id}"`, { hint: 'run safe-migrate status to see recorded ids' });
    let sql: [string, unknown[]];
    let done: string;
    if (action === 'accept') {
      const file = files.find((m) => m.id === row.id);
      if (!file) throw new SafeMigrateError('usage', `migration ${row.name} has no file to accept`, { hint: 'use --rolled-back if it was removed on purpose' });
      sql = ctx.ledger.acceptChecksum(row.id, file.checksum, 'sha256-lf-nobom-v1');
      done = `accepted the edited ${row.name}: checksum ${row.checksum.slice(0, 12)} → ${file.checksum.slice(0, 12)}`;
    } else if (action === 'applied') {
      sql = ctx.ledger.markApplied(row.id);
      done = `marked ${row.name} as applied`;
    } else {
      sql = ctx.ledger.remove(row.id);
      done = `removed ${row.name} from the ledger (rolled back)`;
    }
    await inTransaction(session, async () => {
      await session.query(sql[0], sql[1]);
      await writeEvent(session, ctx.config.internalSchema, { action: 'repair', target: row.id, reason: reason ?? null, details: { action, before: row } });
    });
    return done;
  });
}
