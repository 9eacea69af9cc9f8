// The rollout ledger's decision (spec §6.1), pure: a backfill (UPDATE … SET c =) or an
// enforcement (SET NOT NULL, validated CHECK (c IS NOT NULL)) of a column whose rollout is not
// yet dual-written is blocked, because a colour that does not write the column would keep
// inserting NULLs. Same exit code and override rules as the colour gate.
import { makeBlocker } from '../colours/blocker.js';
import type { Blocker, Colour, Deprecation } from '../colours/types.js';
import type { ColumnTouch } from './detect.js';
import { activeColours, coloursNotWriting, derive } from './machine.js';
import type { Rollout } from './types.js';

export interface LedgerStatement {
  migration: string;
  direction: 'up' | 'down';
  file: string;
  line: number;
  touches: ColumnTouch[];
}

export interface LedgerCheck {
  blockers: Blocker[];
  warnings: string[];
  /** Columns whose enforcement the ledger vouches for (dual-written): the gate lets SET NOT NULL on them pass. */
  vouched: Set<string>;
}

export function checkRollouts(statements: readonly LedgerStatement[], rollouts: readonly Rollout[], colours: readonly Colour[], deprecations: readonly Deprecation[], now: Date): LedgerCheck {
  const byObject = new Map(rollouts.map((r) => [r.object, derive(r, colours, deprecations, now)]));
  const result: LedgerCheck = { blockers: [], warnings: [], vouched: new Set() };
  const addedInRun = new Map<string, string>();
  const active = activeColours(colours);
  for (const statement of statements) {
    for (const touch of statement.touches) {
      if (touch.how === 'add' && statement.direction === 'up') addedInRun.set(touch.column, statement.migration);
      if (touch.how !== 'backfill' && touch.how !== 'enforce' && touch.how !== 'restrict') continue;
      const rollout = byObject.get(touch.column);
      if (rollout?.kind === 'add-column' && (rollout.phase === 'dual-written' || rollout.phase === 'enforced')) {
        result.vouched.add(touch.column);
        continue;
      }
      if (active.length === 0) {
        if (rollout || addedInRun.has(touch.column)) result.warnings.push(`${statement.file}:${statement.line} ${verb(touch)} ${touch.column} runs without a rollout check: no colour is registered`);
        continue;
      }
      if (rollout?.kind === 'add-column' && rollout.phase === 'expanded') {
        for (const { colour, reason } of coloursNotWriting(rollout, colours)) result.blockers.push(blocker(statement, touch, colour, `${colour.name} (${colour.state}, ${colour.release}) ${reason}; rows it writes would be NULL again`, `Redeploy ${colour.name} with a release that writes ${columnName(touch.column)}${colour.state === 'idle' ? ` (or retire ${colour.name})` : ''}, then run again.`));
      } else if (addedInRun.has(touch.column)) {
        const migration = addedInRun.get(touch.column)!;
        for (const colour of active) result.blockers.push(blocker(statement, touch, colour, `${touch.column} is added by ${migration} in this same run, so no deployed colour writes it yet — ${colour.name} (${colour.state}, ${colour.release}) would keep writing NULLs`, `Apply ${migration} in one release, deploy a release that writes ${columnName(touch.column)} to both colours, then ${touch.how === 'backfill' ? 'backfill' : 'enforce'} in a later release.`));
      }
    }
  }
  return result;
}

function blocker(statement: LedgerStatement, touch: ColumnTouch, colour: Colour, why: string, wayOut: string): Blocker {
  const change = `${verb(touch)} ${touch.column}`;
  return makeBlocker(statement, change, touch.column, colour, `${statement.file}:${statement.line} ${change} is blocked by the rollout ledger: ${why}. ${wayOut}`);
}

function verb(touch: ColumnTouch): string {
  if (touch.how === 'backfill') return 'backfill of';
  if (touch.how === 'restrict' || touch.via === 'check') return 'NOT NULL check on';
  return touch.via === 'validate' ? 'VALIDATE of the NOT NULL check on' : 'SET NOT NULL on';
}

function columnName(object: string): string {
  return object.split('.').pop()!;
}
