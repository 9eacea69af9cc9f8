// One constructor for Blockers, shared by the colour gate (colours/gate.ts) and the rollout
// ledger check (rollouts/check.ts): both say where the statement is, what it changes, which
// colour stands in the way, and one sentence with the way out.
import type { Blocker, Colour } from './types.js';

export interface BlockedAt {
  migration: string;
  direction: 'up' | 'down';
  file: string;
  line: number;
}

/** `colour` undefined: no colour is registered at all (requireColours). */
export function makeBlocker(at: BlockedAt, change: string, object: string, colour: Colour | undefined, message: string): Blocker {
  return {
    migration: at.migration,
    direction: at.direction,
    file: at.file,
    line: at.line,
    change,
    object,
    colour: colour?.name ?? '(none)',
    state: colour?.state ?? 'empty',
    release: colour?.release ?? null,
    deployedAt: colour?.deployedAt ?? null,
    message,
  };
}
