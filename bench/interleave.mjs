// The measurement loop shared by B1–B3: warm-up rounds, then rounds that run every tool once
// in a fixed order (A B C D, A B C D, …) so that drift on the machine or server hits all
// tools alike. Per-run setup and teardown (a fresh database) happen outside the timed region.
import { log } from './harness.mjs';

const ATTEMPTS = 3;
const RETRY_PAUSE_MS = 20_000;

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
 * @returns {Promise<{samples: Record<string, number[]>, cpu: Record<string, number[]>, errors: Record<string, string>, retried: Record<string, string[]>}>}
 *   samples: wall-clock seconds per timed run; cpu: client CPU seconds per timed run (when known)
 */
/** Retries `fn` (untimed setup work) like a timed run: ATTEMPTS times, pausing between. */
export async function withRetries(label, fn) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      log(`  ${label} failed (attempt ${attempt}/${ATTEMPTS}; retrying in ${RETRY_PAUSE_MS / 1000} s): ${error.message}`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  }
}

export async function interleave({ names, warmup, reps, setup, run, verify, teardown, label }) {
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  const cpu = Object.fromEntries(names.map((name) => [name, []]));
  const errors = {};
  const retried = {};
  for (let round = -warmup; round < reps; round++) {
    const phase = round < 0 ? 'warm-up' : `rep ${round + 1}/${reps}`;
    for (const name of names) {
      if (errors[name]) continue;
      for (let attempt = 1; ; attempt++) {
        const ctx = setup ? await setup(name) : undefined;
        try {
          const { seconds, cpuSeconds } = run(name, ctx);
          if (verify) await verify(name, ctx);
          if (round >= 0) {
            samples[name].push(seconds);
            if (cpuSeconds !== undefined) cpu[name].push(cpuSeconds);
          }
          log(`  ${label} ${phase} ${name}: ${seconds.toFixed(3)} s${cpuSeconds === undefined ? '' : ` (client CPU ${cpuSeconds.toFixed(2)} s)`}`);
          break;
        } catch (error) {
          // A failed run is not timed. It is retried on a fresh database after a pause, since
          // the usual cause is dist/ being rebuilt under the benchmark; a tool that keeps failing
          // is dropped from this measurement and reported.
          if (attempt < ATTEMPTS) {
            retried[name] = [...(retried[name] ?? []), error.message.split('\n').find((line) => /error/i.test(line)) ?? error.message.split('\n')[0]];
            log(`  ${label} ${phase} ${name} failed (attempt ${attempt}/${ATTEMPTS}; retrying in ${RETRY_PAUSE_MS / 1000} s): ${error.message}`);
          } else {
            errors[name] = error.message;
            log(`  ${label} ${name} FAILED ${ATTEMPTS} times, dropped from this measurement: ${error.message}`);
          }
        } finally {
          if (teardown) await teardown(name, ctx);
        }
        if (errors[name]) break;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      }
    }
  }
  return { samples, cpu, errors, retried };
}
