// Every setting in one table: its JSON type, default and description. The JSON Schema
// (schema/config.schema.json) and docs/config.md are generated from this table, so the
// validator, the schema and the docs cannot drift apart.

export type OptionType = 'string' | 'boolean' | 'duration' | 'integer' | 'string-array' | 'rules';

export interface OptionSpec {
  type: OptionType;
  description: string;
  default?: unknown;
  /** Extra constraint on strings: a regular expression source. */
  pattern?: string;
}

export const RULE_LEVELS = ['off', 'warning', 'error'] as const;

export const OPTIONS = {
  database: {
    type: 'string',
    description: 'Database URL: postgres://user@host:port/db, pglite:<dir> or pglite:memory. DATABASE_URL and --database take precedence.',
  },
  migrationsDir: { type: 'string', description: 'Directory holding the migrations, relative to this file.', default: 'migrations' },
  internalSchema: {
    type: 'string',
    description: "Schema for safe-migrate's own tables (migrations, colours, rollouts, events).",
    default: 'safe_migrate',
  },
  defaultSchema: { type: 'string', description: 'Schema that unqualified names in migrations and manifests refer to.', default: 'public' },
  lockTimeout: { type: 'duration', description: 'lock_timeout for every statement (SET LOCAL); a statement never waits longer for a lock.', default: '500ms' },
  lockRetries: { type: 'integer', description: 'How many times a step is retried after a lock timeout, with exponential backoff and jitter.', default: 10 },
  lockRetryBudget: { type: 'duration', description: 'Total time a step may spend retrying lock timeouts before the run fails (exit 5).', default: '2min' },
  lockWait: { type: 'duration', description: 'How long to wait for the migration lock held by another safe-migrate run.', default: '10min' },
  statementTimeout: {
    type: 'duration',
    description: 'statement_timeout for metadata-only steps; steps that scan or rewrite tables, CONCURRENTLY, VALIDATE and data changes run without one. 0 disables it.',
    default: '1min',
  },
  colours: { type: 'string-array', description: 'Names of the deployment colours.', default: ['blue', 'green'] },
  requireColours: { type: 'boolean', description: 'Block destructive steps when no colour is registered (instead of running them with a warning).', default: false },
  flushEachMigration: {
    type: 'boolean',
    description:
      "Wait for each migration's commit to reach disk before starting the next. By default a run's migrations commit with synchronous_commit off and one flush at the end makes them all durable before up or down exits; a server crash mid-run can lose the last whole migrations (each with its ledger row), which the next run applies again.",
    default: false,
  },
  allowOutOfOrder: { type: 'boolean', description: 'Apply pending migrations older than the newest applied one instead of refusing.', default: false },
  knexfile: { type: 'string', description: 'A knexfile to take the connection and migrations directory from.' },
  knexEnv: { type: 'string', description: 'The knexfile environment to use (default: NODE_ENV or development).' },
  rules: { type: 'rules', description: 'Lint rule levels by id: "off", "warning" or "error".', default: {} },
} satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;
