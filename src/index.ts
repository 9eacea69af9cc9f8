// The public library API (spec §10), and nothing else: `import { … } from 'safe-migrate'`.
// Library functions return results for expected outcomes (RunResult, LintReport) and throw
// SafeMigrateError only for bad input or an unavailable database; they never print or exit.
// test/ecosystem/public-api.test.ts checks that every export here carries a JSDoc example.

// ─── Settings ─────────────────────────────────────────────────────────────────────────────

/**
 * Reads and validates settings the way the CLI does: `overrides` (flags) beat `env`
 * (`DATABASE_URL`), which beats the config file found upwards from `cwd`, which beats the
 * defaults. Every problem is collected into one `SafeMigrateError` (kind `usage`: `message` is
 * the first, `more` the rest). Returns a frozen `Config` with durations in milliseconds.
 *
 * @example
 * const config = await loadConfig({ cwd: '/srv/app', overrides: { database: 'pglite:memory' } });
 * config.lockTimeoutMs; // 500
 */
export { loadConfig } from './config/index.js';
/**
 * The validated settings (`Config`) and what `loadConfig` accepts (`LoadConfigOptions`).
 *
 * @example
 * const options: LoadConfigOptions = { configPath: 'deploy/safe-migrate.config.json', env: {} };
 * const config: Config = await loadConfig(options);
 */
export type { Config, LoadConfigOptions } from './config/index.js';

// ─── Runner ───────────────────────────────────────────────────────────────────────────────

/**
 * Creates a migrator for the configured database and migrations directory: `status()`,
 * `plan()`, `up()`, `down()`, `repair()`, `log()` and `close()`. `up` and `down` return a
 * `RunResult` (`status` `ok`, `failed` or `blocked`) instead of throwing for a failed step.
 *
 * @example
 * const migrator = createMigrator({ config: await loadConfig(), onEvent: (e) => console.error(e.type) });
 * try {
 *   const result = await migrator.up({ release: '2026.11.23-1' });
 *   if (result.status !== 'ok') console.error(result.failure?.message);
 * } finally {
 *   await migrator.close();
 * }
 */
export { createMigrator } from './runner/index.js';
/**
 * The runner's types: the migrator and its options, what `up`/`down` return (`RunResult`),
 * what `plan` and `status` report, the progress events and the audit log rows.
 *
 * @example
 * const sink: EventSink = (event: RunEvent) => {
 *   if (event.type === 'migration-done') console.error(`${event.migration}: ${event.durationMs} ms`);
 * };
 * const status: StatusReport = await createMigrator({ config, onEvent: sink }).status();
 * const pending = status.migrations.filter((m: StatusEntry) => m.state === 'pending');
 */
export type {
  AppliedMigration,
  BaselineOptions,
  BaselineResult,
  DownOptions,
  EventRow,
  EventSink,
  MigrationState,
  Migrator,
  MigratorOptions,
  PlannedMigration,
  PlannedStatement,
  PlanReport,
  RepairAction,
  RunEvent,
  RunFailure,
  RunResult,
  StatusEntry,
  StatusReport,
  Step,
  UpOptions,
} from './runner/index.js';

// ─── Migration files ──────────────────────────────────────────────────────────────────────

/**
 * Reads every migration in a directory, in all accepted layouts mixed (dbmate/plain SQL,
 * `.up.sql`/`.down.sql` pairs, diesel directories, goose, Prisma, knex modules), ordered by
 * name. Bad input comes back as `problems` with file and line; it never throws for it.
 *
 * @example
 * const { migrations, problems } = await readMigrations('migrations');
 * for (const m of migrations) console.log(m.id, m.name, m.form, m.down ? 'has down' : 'no down');
 */
export { readMigrations } from './files/index.js';
/**
 * Types of what `readMigrations` returns: each `Migration` with its sections, and the
 * `InputProblem`s (unreadable file, duplicate id, …) found while reading.
 *
 * @example
 * const result: ReadResult = await readMigrations('migrations', { cwd: process.cwd() } satisfies ReadOptions);
 * const forms: MigrationForm[] = result.migrations.map((m: Migration) => m.form);
 * const where = result.problems.map((p: InputProblem) => `${p.file}:${p.line ?? 1}`);
 */
export type { InputProblem, Migration, MigrationForm, ReadOptions, ReadResult, Section } from './files/index.js';

// ─── SQL parsing ──────────────────────────────────────────────────────────────────────────

/**
 * Loads PostgreSQL's own parser (libpg-query, WebAssembly) once. `parseSql` and `classify`
 * need it loaded; `lint` and the migrator load it themselves.
 *
 * @example
 * await loadParser();
 * const { statements } = parseSql('CREATE INDEX CONCURRENTLY i ON t (c)');
 */
export { loadParser } from './sql/index.js';
/**
 * Splits one section of SQL into statements with the real PostgreSQL grammar: each with its
 * text, parser node (`kind`, `node`), line and column, whether it can run in a transaction, and
 * the ignore comments that apply to it. A syntax error is returned as `error`, not thrown.
 *
 * @example
 * await loadParser();
 * const parsed = parseSql('SELECT 1;\nALTER TABLE users ADD COLUMN notes text;');
 * parsed.error ?? parsed.statements.map((s) => `${s.line}:${s.column} ${s.kind}`); // ['1:1 SelectStmt', '2:1 AlterTableStmt']
 */
export { parseSql } from './sql/index.js';
/**
 * Types of `parseSql`'s result: the statements (`SqlStatement`) or the syntax error with its
 * line and column (`SqlSyntaxError`), and the directives found in comments.
 *
 * @example
 * const parsed: ParsedSql = parseSql('SELECT 1');
 * const first: SqlStatement | undefined = parsed.statements[0];
 * const error: SqlSyntaxError | undefined = parsed.error;
 */
export type { ParsedSql, SqlStatement, SqlSyntaxError } from './sql/index.js';

// ─── Classification ───────────────────────────────────────────────────────────────────────

/**
 * Classifies one parsed statement (spec §4): its effect (`additive`, `destructive`, `data`,
 * `neutral`, `unknown`), the schema-qualified objects it touches and how, the lock it takes,
 * whether it rewrites or scans a table, and what it may break for a deployed colour. Pure.
 *
 * @example
 * await loadParser();
 * const [statement] = parseSql('ALTER TABLE users DROP COLUMN email').statements;
 * const c = classify(statement!);
 * c.effect; // 'destructive'
 * c.lock;   // { level: 'ACCESS EXCLUSIVE', tables: ['public.users'] }
 */
export { classify } from './classify/index.js';
/**
 * Classifies a section's statements in order, each seeing what the earlier ones created: an
 * index on a table created earlier in the same section needs no CONCURRENTLY and breaks nothing.
 *
 * @example
 * await loadParser();
 * const { statements } = parseSql('CREATE TABLE t (id int); CREATE INDEX t_id ON t (id);');
 * classifySection(statements, { defaultSchema: 'app' }).map((c) => c.effect); // ['additive', 'additive']
 */
export { classifySection } from './classify/index.js';
/**
 * Types of a classification: `Classification` and its parts, and the optional context
 * (`defaultSchema`, what earlier statements created) `classify` and `classifySection` take.
 *
 * @example
 * const c: Classification = classify(statement, { defaultSchema: 'public' } satisfies ClassifyContext);
 * const drops: ObjectRef[] = c.objects.filter((o) => o.action === 'drop');
 * const risky: boolean = (['destructive', 'unknown'] as Effect[]).includes(c.effect);
 */
export type { Classification, ClassifyContext, Effect, LockLevel, ObjectAction, ObjectRef, ObjectType, StatementInput } from './classify/index.js';

// ─── Lint ─────────────────────────────────────────────────────────────────────────────────

/**
 * Lints migrations offline (spec §8): parses and classifies every statement, runs the rules
 * with cross-file context and applies ignore comments. Returns a `LintReport` with every
 * statement's classification and every finding; findings are values, never exceptions.
 *
 * @example
 * const { migrations, problems } = await readMigrations('migrations');
 * const report = await lint({ migrations, problems }, { rules: { 'prefer-text': 'off' } });
 * if (report.summary.errors > 0) process.exitCode = 1;
 */
export { lint } from './lint/index.js';
/**
 * Formats a `LintReport` as the CLI does: `text` (code frames), `json` (the spec's shape),
 * `sarif` (2.1.0, for code scanning) or `github` (workflow annotations).
 *
 * @example
 * const report = await lint(await readMigrations('migrations'));
 * process.stdout.write(formatReport(report, 'sarif'));
 */
export { formatReport } from './lint/index.js';
/**
 * Types of lint's input, options and report.
 *
 * @example
 * const options: LintOptions = { rules: { 'drop-not-null': 'error' }, defaultSchema: 'public' };
 * const report: LintReport = await lint({ migrations, problems: [] } satisfies LintInput, options);
 * const errors: ReportedFinding[] = report.files.flatMap((f: FileReport) => f.findings).filter((f) => f.severity === 'error');
 */
export type {
  FileReport,
  Format,
  LintInput,
  LintOptions,
  LintReport,
  ReportedFinding,
  RuleSetting,
  Severity,
  StatementReport,
} from './lint/index.js';

// ─── Errors ───────────────────────────────────────────────────────────────────────────────

/**
 * The one error type: bad input (`kind` `usage` or `input`), an unavailable database
 * (`unavailable`) or a bug (`internal`). It says what happened (`message`), where (`where`:
 * file, line, column) and what to do next (`hint`); further problems found in the same pass
 * are in `more`. Expected outcomes (findings, failed steps) are results, not errors.
 *
 * @example
 * try {
 *   await loadConfig();
 * } catch (error) {
 *   if (!(error instanceof SafeMigrateError)) throw error;
 *   for (const e of [error, ...error.more]) console.error(e.message, e.hint ?? '');
 * }
 */
export { SafeMigrateError } from './errors.js';
/**
 * The parts of a `SafeMigrateError`: its `kind` (which the CLI maps to an exit code) and
 * `where` it happened (file, line, column, or a database object).
 *
 * @example
 * const where: ErrorWhere = { file: 'migrations/0003_add_notes.sql', line: 4, column: 1 };
 * const kind: ErrorKind = 'input';
 */
export type { ErrorKind, ErrorWhere } from './errors.js';

// ─── Colours, gate and rollouts ───────────────────────────────────────────────────────────
// The colour registry and the rollout ledger are also methods of the migrator
// (`deployColour`, `switchColour`, `retireColour`, `colours`, `rollouts`, `deprecate`, `backfill`).

/**
 * The colour gate as a pure function: planned statements and colours in, a `GateReport` out.
 * A destructive or unknown statement is blocked while a live or idle colour references what it breaks.
 *
 * @example
 * const report = checkGate(
 *   [{ migration: '0004_drop_name', direction: 'up', file: '0004_drop_name.sql', line: 2, sql: 'ALTER TABLE deployments DROP COLUMN name',
 *      effect: 'destructive', breaks: ['public.deployments.name'], objects: [{ type: 'column', name: 'public.deployments.name', action: 'drop' }], unknownReviewed: false }],
 *   [{ name: 'blue', state: 'idle', release: 'r2', deploySeq: 2, deployedAt: new Date(), snapshot: null,
 *      manifest: { relations: { 'public.deployments': ['id', 'name'] }, functions: [], types: [] } }],
 * );
 * report.blocked; // true — blue (idle, r2) uses public.deployments.name
 */
export { checkGate } from './colours/index.js';
/**
 * Validates and normalises a usage manifest (`{ "uses": { "table": ["col"] | "*" }, "functions": [], "types": [] }`).
 *
 * @example
 * const { references, problems } = parseManifest(JSON.parse(text), 'public');
 */
export { parseManifest } from './colours/index.js';
/**
 * The colour registry's and the gate's data: a `Colour` (state, release, manifest or snapshot),
 * what it `References`, and the gate's `GateReport` with each `Blocker`.
 *
 * @example
 * const run = await migrator.up();
 * const blockers: Blocker[] = run.gate?.decisions.flatMap((d) => d.blockers) ?? [];
 */
export type { Colour, ColourState, References, GateReport, GateDecision, GateStatement, Blocker, Deprecation } from './colours/index.js';
/**
 * The colour registry as functions (also methods of the migrator): `registerColour` records a
 * release deployed into a (non-live) colour, `switchColour` makes a colour live (the previously
 * live one becomes the idle rollback target), `retireColour` tears one down.
 *
 * @example
 * const migrator = createMigrator({ config: await loadConfig() });
 * await registerColour(migrator, { colour: 'green', release: '2026.11.23-1', manifestPath: 'build/manifest.json' });
 * await switchColour(migrator, 'green');
 * await retireColour(migrator, 'blue', 'r1 decommissioned');
 * await migrator.close();
 */
export { registerColour, switchColour, retireColour } from './runner/registry-api.js';
/**
 * The rollout ledger's state machine, pure: move a rollout forward, derive phases from colours, explain what it waits for.
 *
 * @example
 * const next = derive(rollout, colours, [], new Date());
 * console.log(next.phase, waitingFor(next, colours, []));
 */
export { advance, derive, waitingFor, checkRollouts } from './rollouts/index.js';
/**
 * The rollout ledger's data: a `Rollout` with its `Phase` and when each was reached (`PhaseMark`);
 * `RolloutRow` adds what it waits for; `DeployOptions`/`DeployResult` are `registerColour`'s.
 *
 * @example
 * const rows: RolloutRow[] = await migrator.rollouts();
 * for (const r of rows) console.log(r.object, r.phase, r.waitingFor);
 */
export type { Rollout, Phase, RolloutKind, PhaseMark } from './rollouts/index.js';
/**
 * The options and result of `registerColour` / `migrator.deployColour`, and a `rollout status` row.
 *
 * @example
 * const options: DeployOptions = { colour: 'green', release: 'r2', manifestPath: 'manifest.json' };
 * const result: DeployResult = await migrator.deployColour(options);
 * const rows: RolloutRow[] = await migrator.rollouts();
 */
export type { RolloutRow, DeployOptions, DeployResult } from './runner/index.js';
/**
 * `migrator.backfill()`'s options, progress events and result (the library form of `safe-migrate backfill`).
 *
 * @example
 * const result: BackfillResult = await migrator.backfill({ table: 'public.deployments', set: "environment = 'production'", batchSize: 1000 });
 * if (result.status === 'blocked') for (const b of result.blockers ?? []) console.error(b.message);
 */
export type { BackfillOptions, BackfillProgress, BackfillResult, BatchFailure } from './runner/index.js';
