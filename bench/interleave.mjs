// The measurement loop shared by B1–B3: warm-up rounds, then rounds that run every tool once
// in a fixed order (A B C D, A B C D, …) so that drift on the machine or server hits all
// tools alike. Per-run setup and teardown (a fresh database) happen outside the timed region.
import { log } from './harness.mjs';

/**
 * @param {object} o
 * @param {string[]} o.names      tools, in run order
 * @param {number} o.warmup      untimed rounds first
 * @param {number} o.reps        timed rounds
 * @param {(name: string) => Promise<any>} [o.setup]     before each run, untimed; returns a context
 * @param {(name: string, ctx: any) => {seconds: number, cpuSeconds?: number}} o.run  the timed run
 * @param {(name: string, ctx: any) => Promise<void>} [o.verify]    after each run, untimed; throws if the run did not do its job
 * @param {(name: string, ctx: any) => Promise<void>} [o.teardown]  after each run, untimed
 * @param {string} o.label
 * @returns {Promise<{samples: Record<string, number[]>, cpu: Record<string, number[]>, errors: Record<string, string>}>}
 *   samples: wall-clock seconds per timed run; cpu: client CPU seconds per timed run (when known)
 */
export async function interleave({ names, warmup, reps, setup, run, verify, teardown, label }) {
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  const cpu = Object.fromEntries(names.map((name) => [name, []]));
  const errors = {};
  for (let round = -warmup; round < reps; round++) {
    for (const name of names) {
      if (errors[name]) continue;
      const ctx = setup ? await setup(name) : undefined;
      try {
        const { seconds, cpuSeconds } = run(name, ctx);
        if (verify) await verify(name, ctx);
        if (round >= 0) {
          samples[name].push(seconds);
          if (cpuSeconds !== undefined) cpu[name].push(cpuSeconds);
        }
        log(`  ${label} ${round < 0 ? 'warm-up' : `rep ${round + 1}/${reps}`} ${name}: ${seconds.toFixed(3)} s${cpuSeconds === undefined ? '' : ` (client CPU ${cpuSeconds.toFixed(2)} s)`}`);
      } catch (error) {
        errors[name] = error.message;
        log(`  ${label} ${name} FAILED (dropped from this measurement): ${error.message}`);
      } finally {
        if (teardown) await teardown(name, ctx);
      }
    }
  }
  return { samples, cpu, errors };
}
