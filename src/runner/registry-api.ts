// Function forms of the colour registry operations for library users who prefer them to the
// migrator's methods (spec §10: registerColour, switchColour, retireColour).
import type { DeployOptions, DeployResult } from './colour-api.js';
import type { Migrator } from './migrator.js';

/** A release was deployed into a (non-live) colour: the library form of `safe-migrate colour deploy`. */
export function registerColour(migrator: Migrator, options: DeployOptions): Promise<DeployResult> {
  return migrator.deployColour(options);
}

/** That colour goes live; the previously live one becomes idle (the rollback target). */
export function switchColour(migrator: Migrator, colour: string): Promise<{ live: string; idle: string | undefined }> {
  return migrator.switchColour(colour);
}

/** The colour is torn down: it references nothing any more. */
export function retireColour(migrator: Migrator, colour: string, reason?: string): Promise<void> {
  return migrator.retireColour(colour, reason);
}
