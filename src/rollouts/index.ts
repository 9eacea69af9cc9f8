export { advance, derive, waitingFor, coloursNotWriting, coloursReferencing, activeColours } from './machine.js';
export { checkRollouts, type LedgerStatement, type LedgerCheck } from './check.js';
export { columnTouches, notNullCheckColumn, relationName, validatesConstraint, type ColumnTouch } from './detect.js';
export { readRollouts, openExpand, markPhase, forgetExpand, saveRollout, type Write } from './store.js';
export type { Rollout, Phase, AddPhase, RemovePhase, RolloutKind, PhaseMark } from './types.js';
export { ADD_PHASES, REMOVE_PHASES } from './types.js';
