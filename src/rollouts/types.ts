// The rollout ledger (spec §6): the life of one column across releases.

/** Adding a required column: expanded → dual-written → enforced. */
export type AddPhase = 'expanded' | 'dual-written' | 'enforced';
/** Removing a column (or table): deprecated → unreferenced → dropped. */
export type RemovePhase = 'deprecated' | 'unreferenced' | 'dropped';
export type Phase = AddPhase | RemovePhase;

export type RolloutKind = 'add-column' | 'remove-column' | 'remove-relation';

/** When and how a phase was reached. */
export interface PhaseMark {
  at: string;
  release?: string | null;
  migration?: string | null;
  /** The colour deploy sequence at that moment (for expanded: colours deployed after it write the column). */
  deploySeq?: number | null;
  /** Why, in words (e.g. "green's manifest r4 stopped listing it"). */
  note?: string;
}

export interface Rollout {
  /** `schema.table.column` (or `schema.table` for a relation). */
  object: string;
  kind: RolloutKind;
  phase: Phase;
  phases: Partial<Record<Phase, PhaseMark>>;
  migration: string | null;
}

export const ADD_PHASES: readonly AddPhase[] = ['expanded', 'dual-written', 'enforced'];
export const REMOVE_PHASES: readonly RemovePhase[] = ['deprecated', 'unreferenced', 'dropped'];
