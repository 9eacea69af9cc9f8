// The command table. Each definition is cheap; heavy modules load inside actions.
import type { Command } from 'commander';
import { defineBackfill } from './backfill.js';
import { defineColour } from './colour.js';
import { defineDown } from './down.js';
import { defineInit } from './init.js';
import { defineLint } from './lint.js';
import { defineLog } from './log.js';
import { defineNew } from './new.js';
import { definePlan } from './plan.js';
import { defineRepair } from './repair.js';
import { defineBaseline } from './baseline.js';
import { defineReport } from './report.js';
import { defineRollout } from './rollout.js';
import { defineStatus } from './status.js';
import { defineUp } from './up.js';

export const commands: Array<(program: Command) => void> = [defineInit, defineNew, defineLint, definePlan, defineUp, defineDown, defineStatus, defineColour, defineRollout, defineBackfill, defineReport, defineLog, defineRepair, defineBaseline];
