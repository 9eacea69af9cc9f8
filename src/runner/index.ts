export { createMigrator, type Migrator, type MigratorOptions, type StatusReport, type RepairAction } from './migrator.js';
export type { RunResult, RunFailure, AppliedMigration } from './result.js';
export type { RunEvent, EventSink } from './run-events.js';
export type { PlanReport } from './plan.js';
export type { PlannedMigration, PlannedStatement, Step } from './steps.js';
export type { StatusEntry, MigrationState } from './reconcile.js';
export type { UpOptions } from './up.js';
export type { DownOptions } from './down.js';
export type { EventRow } from './events.js';
