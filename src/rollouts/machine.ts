// The rollout state machine (spec §6), pure. Rollouts only move forward (I6): a phase is
// reached once and stays reached; deriving never goes back.
import { referencesOf, uses } from '../colours/references.js';
import type { Colour, Deprecation } from '../colours/types.js';
import { ADD_PHASES, REMOVE_PHASES, type Phase, type PhaseMark, type Rollout } from './types.js';

function order(phase: Phase): number {
  const add = ADD_PHASES.indexOf(phase as never);
  return add >= 0 ? add : REMOVE_PHASES.indexOf(phase as never);
}

/** Moves a rollout to `phase` if that is forward on its path; otherwise returns it unchanged. */
export function advance(rollout: Rollout, phase: Phase, mark: PhaseMark): Rollout {
  const path: readonly Phase[] = rollout.kind === 'add-column' ? ADD_PHASES : REMOVE_PHASES;
  if (!path.includes(phase) || order(phase) <= order(rollout.phase)) return rollout;
  return { ...rollout, phase, phases: { ...rollout.phases, [phase]: mark } };
}

/** The deployed colours a rollout depends on: live and idle ones. */
export function activeColours(colours: readonly Colour[]): Colour[] {
  return colours.filter((c) => c.state === 'live' || c.state === 'idle');
}

/**
 * Which active colours do not write the column yet: deployed before the expand, or with a
 * manifest that does not list it. Empty means the rollout is dual-written.
 */
export function coloursNotWriting(rollout: Rollout, colours: readonly Colour[]): Array<{ colour: Colour; reason: string }> {
  const expandSeq = rollout.phases.expanded?.deploySeq ?? 0;
  const [, , column] = rollout.object.split('.');
  const missing: Array<{ colour: Colour; reason: string }> = [];
  for (const colour of activeColours(colours)) {
    if ((colour.deploySeq ?? 0) <= expandSeq) {
      missing.push({ colour, reason: `was deployed before ${column} existed and does not write it` });
    } else if (colour.manifest && !uses(colour.manifest, rollout.object, 'column')) {
      missing.push({ colour, reason: `runs a release whose manifest does not list ${column}` });
    }
  }
  return missing;
}

/** Active colours that still reference a deprecated object. Empty means unreferenced. */
export function coloursReferencing(rollout: Rollout, colours: readonly Colour[], deprecations: readonly Deprecation[]): Colour[] {
  const type = rollout.kind === 'remove-relation' ? 'table' : 'column';
  return activeColours(colours).filter((colour) => {
    const refs = referencesOf(colour, deprecations);
    return refs !== undefined && uses(refs, rollout.object, type);
  });
}

/**
 * Applies what the colour registry now says: expanded → dual-written once every active colour
 * writes the column; deprecated → unreferenced once none references it. With no active colour
 * at all nothing is derived: there is no evidence either way.
 */
export function derive(rollout: Rollout, colours: readonly Colour[], deprecations: readonly Deprecation[], now: Date): Rollout {
  const active = activeColours(colours);
  if (active.length === 0) return rollout;
  const latest = active.reduce((a, b) => ((a.deploySeq ?? 0) >= (b.deploySeq ?? 0) ? a : b));
  const mark: PhaseMark = { at: now.toISOString(), release: latest.release, deploySeq: latest.deploySeq };
  if (rollout.phase === 'expanded' && coloursNotWriting(rollout, colours).length === 0) {
    return advance(rollout, 'dual-written', { ...mark, note: `${active.map((c) => `${c.name} (${c.release})`).join(' and ')} write it` });
  }
  if (rollout.phase === 'deprecated' && coloursReferencing(rollout, colours, deprecations).length === 0) {
    return advance(rollout, 'unreferenced', { ...mark, note: 'no live or idle colour references it' });
  }
  return rollout;
}

/** What the rollout waits for, in words a person can act on. */
export function waitingFor(rollout: Rollout, colours: readonly Colour[], deprecations: readonly Deprecation[]): string {
  switch (rollout.phase) {
    case 'expanded': {
      const missing = coloursNotWriting(rollout, colours);
      if (activeColours(colours).length === 0) return 'waiting for a colour to be deployed (no colour registered)';
      // A stored phase not yet advanced (derive() would say dual-written): nothing to wait for.
      if (missing.length === 0) return 'ready: every deployed colour writes it';
      return `waiting for ${missing.map((m) => `${m.colour.name} (${m.colour.state}, ${m.colour.release})`).join(' and ')} to be redeployed with a release that writes it`;
    }
    case 'dual-written':
      return 'ready: backfill remaining NULLs, then enforce NOT NULL';
    case 'enforced':
      return 'done: code may rely on it';
    case 'deprecated': {
      const still = coloursReferencing(rollout, colours, deprecations);
      if (activeColours(colours).length === 0) return 'waiting for a colour to be deployed (no colour registered)';
      if (still.length === 0) return 'ready: no deployed colour references it';
      return `waiting for ${still.map((c) => `${c.name} (${c.state}, ${c.release})`).join(' and ')} to stop referencing it`;
    }
    case 'unreferenced':
      return 'ready: it can be dropped';
    case 'dropped':
      return 'done';
  }
}
