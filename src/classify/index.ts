// The classifier's public surface (spec §4): pure functions from parsed statements to
// effect, objects, lock, rewrite/scan and what each may break for the colour gate.
export { classify, classifySection, classifyInOrder } from './classify.js';
export { createContext, nextMigrationContext, type ClassifyContext, type FullContext, type ColumnFacts, type IndexFacts } from './context.js';
export { EFFECT_ORDER, mostSevere } from './effects.js';
export { statementKinds, STATEMENT_KINDS, type KindEntry } from './kinds.js';
export { ALTER_TABLE_COMMANDS, type CommandEntry } from './alter-table.js';
export { LOCK_ORDER, strongerLock } from './locks.js';
export type { StatementInput } from './outcome.js';
export type { TypeFacts } from './type-change.js';
export type { Classification, Effect, LockLevel, ObjectAction, ObjectRef, ObjectType } from './types.js';
