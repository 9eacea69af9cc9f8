// Colours (spec §5): deployment slots, what each references, and what the gate decides.

export type ColourState = 'live' | 'idle' | 'empty';

/** What a release's code references (spec §5.2), names schema-qualified. */
export interface References {
  /** relation (`public.users`) → its columns, or '*' for every column. */
  relations: Record<string, string[] | '*'>;
  functions: string[];
  types: string[];
}

export interface Colour {
  name: string;
  state: ColourState;
  release: string | null;
  deploySeq: number | null;
  deployedAt: Date | null;
  /** The release's usage manifest (normalised), or null. */
  manifest: References | null;
  /** The objects that existed when the release was deployed. */
  snapshot: References | null;
}

/** A column or table someone declared unused from some moment on (spec §6.3). */
export interface Deprecation {
  object: string;
  at: Date;
}

/** One statement as the gate sees it. */
export interface GateStatement {
  migration: string;
  direction: 'up' | 'down';
  file: string;
  line: number;
  sql: string;
  effect: string;
  /** What it may break (Classification.breaks). */
  breaks: string[];
  /** Objects with their type, to tell columns, relations, functions and types apart. */
  objects: Array<{ type: string; name: string; action: string }>;
  /** A reviewed `-- safe-migrate-ignore unknown-statement` lets an unknown statement's unidentified part pass. */
  unknownReviewed: boolean;
}

export interface Blocker {
  migration: string;
  direction: 'up' | 'down';
  file: string;
  line: number;
  /** e.g. `DROP COLUMN public.deployments.name` */
  change: string;
  object: string;
  colour: string;
  state: ColourState;
  release: string | null;
  deployedAt: Date | null;
  /** One sentence: what is blocked, by whom, and the way out. */
  message: string;
}

export interface GateDecision {
  migration: string;
  direction: 'up' | 'down';
  blocked: boolean;
  blockers: Blocker[];
}

export interface GateReport {
  blocked: boolean;
  decisions: GateDecision[];
  warnings: string[];
}
