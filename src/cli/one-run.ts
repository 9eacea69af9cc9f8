// A CLI command reads its input, does its work once and exits: under a second or a few seconds of
// mostly cold code. V8's optimizing compilers, tuned for long-running programs, cost more than they
// save in a run that short, on the CPU the run itself needs — and on a database server's host, on
// the core PostgreSQL needs. The SQL parser (libpg-query, 1.7 MB of WebAssembly) is the big one:
// with tier-up, V8 recompiles it on background threads and the process waits for that at exit.
// Measured (2 cores, Node 20): a process that loads the parser and parses 50 statements 0.55 s →
// 0.29 s wall and 0.80 s → 0.31 s CPU; B1 `up` of 50 migrations 1.17 s → 0.96 s wall, 1.2 s → 0.55 s
// CPU; B4 lint 0.63 s → 0.45 s wall; even PGlite's short commands gain (status 1.7 s → 1.4 s).
// So the CLI tunes V8 for its own process (cli/main.ts), except for `backfill`, which may run for
// hours. Never the library API, whose process may do other work for long. Output does not depend
// on it.
import { setFlagsFromString } from 'node:v8';

const FLAGS = [
  // WebAssembly stays on V8's baseline compiler, Liftoff: no recompiling of hot functions on other
  // threads. Set before any module is compiled (the parser loads lazily, in the command's action).
  '--no-wasm-dynamic-tiering',
  '--no-wasm-tier-up',
  // JavaScript is optimized later than by default (an interrupt budget of 67584): the classifier and
  // the rules are many short functions that TurboFan would compile, and partly deoptimize, before
  // they pay off. Code that stays hot on a large input is still optimized.
  '--interrupt-budget=450000',
];

let tuned = false;

/**
 * Tunes V8 for one short CLI run, process-wide. Only on V8 11 (Node 20), where it was measured and these
 * flags exist: V8 prints an error for a flag it does not know, and other versions tier differently.
 */
export function tuneForOneRun(): void {
  if (tuned || !process.versions.v8.startsWith('11.')) return;
  tuned = true;
  for (const flag of FLAGS) setFlagsFromString(flag);
}
