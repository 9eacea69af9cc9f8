// Effect severity, for combining several classifications into one (a DO block, an ALTER TABLE
// with many subcommands). `unknown` is the most severe: the gate treats it as destructive and
// nothing is known about what it leaves behind; `data` outranks `additive` because changing rows
// is harder to undo than adding an object.
import type { Effect } from './types.js';

/** Effects from least to most severe. */
export const EFFECT_ORDER: readonly Effect[] = ['neutral', 'additive', 'data', 'destructive', 'unknown'];

/**
 * The most severe of `effects` (`neutral` for none).
 *
 * @example mostSevere(['additive', 'destructive']) // 'destructive'
 */
export function mostSevere(effects: Iterable<Effect>): Effect {
  let worst: Effect = 'neutral';
  for (const effect of effects) if (EFFECT_ORDER.indexOf(effect) > EFFECT_ORDER.indexOf(worst)) worst = effect;
  return worst;
}
