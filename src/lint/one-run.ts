// The lint command's process reads the migrations, lints them once and exits: well under a second
// of mostly cold code. V8's optimizing compilers, tuned for long-running programs, cost more than
// they save in a run that short, on the CPU the run itself needs (B4, lemmy corpus, 2 cores,
// interleaved runs: 0.63 s → 0.45 s wall and 0.90 s → 0.42 s CPU; six copies of the corpus: 2.2 s →
// 1.7 s). So the command tunes V8, for its own process only: never the library API, whose process
// may do other work for long (PGlite, WebAssembly too, would run slower without tier-up). Output
// does not depend on it.
import { setFlagsFromString } from 'node:v8';

const FLAGS = [
  // The SQL parser (libpg-query, WebAssembly) stays on V8's baseline compiler, Liftoff: tiering up
  // its hot functions recompiles a 1.7 MB module on the second core. Set before the parser loads.
  '--no-wasm-dynamic-tiering',
  '--no-wasm-tier-up',
  // JavaScript is optimized later than by default (an interrupt budget of 67584): the classifier and
  // the rules are many short functions that TurboFan would compile, and partly deoptimize, before
  // they pay off. Code that stays hot on a large input is still optimized.
  '--interrupt-budget=450000',
];

let tuned = false;

/**
 * Tunes V8 for one lint run, process-wide. Only on V8 11 (Node 20), where it was measured and these
 * flags exist: V8 prints an error for a flag it does not know, and other versions tier differently.
 */
export function tuneForOneRun(): void {
  if (tuned || !process.versions.v8.startsWith('11.')) return;
  tuned = true;
  for (const flag of FLAGS) setFlagsFromString(flag);
}
