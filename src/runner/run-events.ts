// What the runner reports while it works. The library never prints: the CLI turns these
// into lines (or a spinner), library users get them through `onEvent`.
import type { Blocker } from './lock-retry.js';
import type { LockHolder } from './lock.js';

export type RunEvent =
  | { type: 'lock-wait'; holder: LockHolder | undefined; waitedMs: number }
  | { type: 'lock-timeout'; migration: string; attempt: number; delayMs: number; blockers: Blocker[]; tables: string[] }
  | { type: 'migration-start'; migration: string; direction: 'up' | 'down' }
  | { type: 'migration-done'; migration: string; direction: 'up' | 'down'; durationMs: number }
  | { type: 'recovered'; migration: string; message: string }
  | { type: 'warning'; message: string };

export type EventSink = (event: RunEvent) => void;
