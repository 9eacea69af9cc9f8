// ALTER TABLE (and ALTER INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE / FOREIGN TABLE / TYPE …
// ATTRIBUTE, which share the node): one handler per subcommand, combined with the most severe
// effect winning and the strongest lock per table. Lock levels follow PostgreSQL's
// AlterTableGetLockLevel (src/backend/commands/tablecmds.c) and the ALTER TABLE manual page.
import type { AstNode } from '../sql/index.js';
import { addColumn, alterColumnType, columnDefault, dropColumn, dropNotNull, identityOrExpression, setNotNull } from './alter-column.js';
import { readColumnDef } from './columns.js';
import { addConstraint, alterConstraint, dropConstraint, validateConstraint } from './constraints.js';
import type { LockLevel } from './types.js';
import { member } from './names.js';
import { combine, type HandlerContext, type Outcome } from './outcome.js';
import type { ObjectType } from './types.js';

type CommandHandler = (table: string, cmd: AstNode, ctx: HandlerContext) => Outcome;

export interface CommandEntry {
  handler: CommandHandler;
  /** For docs/classification.md: effect, lock, rewrite/scan. */
  effect: string;
  lock: string;
  rewriteScan?: string;
}

const AE: LockLevel = 'ACCESS EXCLUSIVE';
const SUE: LockLevel = 'SHARE UPDATE EXCLUSIVE';
const SRE: LockLevel = 'SHARE ROW EXCLUSIVE';

/** A subcommand that changes no schema contract: only its lock (and maybe a rewrite) matters. */
function neutral(level: LockLevel, note?: string, rewrite = false): CommandEntry {
  return {
    handler: (table) => ({ effect: 'neutral', locks: [{ table, level }], rewrite, notes: note ? [note.replace('TABLE', table)] : [] }),
    effect: 'neutral',
    lock: level,
    rewriteScan: rewrite ? 'rewrite' : undefined,
  };
}

const triggers = neutral(SRE, 'enables or disables triggers on TABLE: writes by deployed code behave differently while they are off');

/** The subcommand table (AlterTableCmd.subtype → handler). */
export const ALTER_TABLE_COMMANDS: Readonly<Record<string, CommandEntry>> = {
  AT_AddColumn: { handler: addColumn, effect: 'additive; destructive if NOT NULL without default (breaks the table)', lock: AE, rewriteScan: 'rewrite for volatile default, serial, identity, stored generated' },
  AT_DropColumn: { handler: dropColumn, effect: 'destructive (breaks the column)', lock: AE },
  AT_AlterColumnType: { handler: alterColumnType, effect: 'destructive (breaks the column)', lock: AE, rewriteScan: 'rewrite unless a known safe widening' },
  AT_ColumnDefault: { handler: columnDefault, effect: 'SET: additive; DROP: destructive if known NOT NULL (breaks the column), else neutral', lock: AE },
  AT_SetNotNull: { handler: setNotNull, effect: 'destructive (breaks the column; the table if the column is new in this migration without a default)', lock: AE, rewriteScan: 'scan' },
  AT_DropNotNull: { handler: dropNotNull, effect: 'additive', lock: AE },
  AT_AddConstraint: {
    handler: (table, cmd, ctx) => addConstraint(table, cmd.def?.Constraint ?? {}, ctx),
    effect: 'destructive (breaks the constrained columns), NOT VALID too; additive if NOT ENFORCED',
    lock: `${AE}; FOREIGN KEY: ${SRE} on both tables`,
    rewriteScan: 'scan unless NOT VALID / USING INDEX',
  },
  AT_DropConstraint: { handler: dropConstraint, effect: 'destructive (breaks the constraint)', lock: AE },
  AT_ValidateConstraint: { handler: validateConstraint, effect: 'neutral', lock: SUE, rewriteScan: 'scan' },
  AT_AlterConstraint: { handler: alterConstraint, effect: 'destructive when tightening (NOT DEFERRABLE, ENFORCED), else additive', lock: AE },
  AT_AddIdentity: { handler: identityOrExpression, effect: 'GENERATED ALWAYS: destructive; BY DEFAULT: additive', lock: AE },
  AT_SetIdentity: { handler: identityOrExpression, effect: 'SET GENERATED ALWAYS: destructive; else neutral', lock: AE },
  AT_DropIdentity: { handler: identityOrExpression, effect: 'destructive (breaks the column)', lock: AE },
  AT_SetExpression: { handler: identityOrExpression, effect: 'destructive (breaks the column)', lock: AE, rewriteScan: 'rewrite' },
  AT_DropExpression: { handler: identityOrExpression, effect: 'destructive (breaks the column)', lock: AE },
  AT_SetStatistics: neutral(SUE),
  AT_SetOptions: neutral(SUE),
  AT_ResetOptions: neutral(SUE),
  AT_SetRelOptions: neutral(SUE, 'storage parameters of TABLE'),
  AT_ResetRelOptions: neutral(SUE, 'storage parameters of TABLE'),
  AT_ClusterOn: neutral(SUE),
  AT_DropCluster: neutral(SUE),
  AT_SetStorage: neutral(AE),
  AT_SetCompression: neutral(AE),
  AT_ReplicaIdentity: neutral(AE),
  AT_ChangeOwner: neutral(AE),
  AT_GenericOptions: neutral(AE),
  AT_AlterColumnGenericOptions: neutral(AE),
  AT_AddOf: neutral(AE),
  AT_DropOf: neutral(AE),
  AT_SetTableSpace: neutral(AE, 'moves TABLE to another tablespace: copies every row', true),
  AT_SetLogged: neutral(AE, 'SET LOGGED rewrites TABLE', true),
  AT_SetUnLogged: neutral(AE, 'SET UNLOGGED rewrites TABLE; its data is lost after a crash', true),
  AT_SetAccessMethod: neutral(AE, 'SET ACCESS METHOD rewrites TABLE', true),
  AT_EnableTrig: triggers, AT_EnableAlwaysTrig: triggers, AT_EnableReplicaTrig: triggers, AT_EnableTrigAll: triggers,
  AT_EnableTrigUser: triggers, AT_DisableTrig: triggers, AT_DisableTrigAll: triggers, AT_DisableTrigUser: triggers,
  AT_EnableRule: neutral(AE), AT_EnableAlwaysRule: neutral(AE), AT_EnableReplicaRule: neutral(AE), AT_DisableRule: neutral(AE),
  AT_EnableRowSecurity: { handler: rowSecurity(true), effect: 'destructive (breaks the table)', lock: AE },
  AT_ForceRowSecurity: { handler: rowSecurity(true), effect: 'destructive (breaks the table)', lock: AE },
  AT_DisableRowSecurity: { handler: rowSecurity(false), effect: 'additive', lock: AE },
  AT_NoForceRowSecurity: { handler: rowSecurity(false), effect: 'additive', lock: AE },
  AT_AddInherit: { handler: inherit(true), effect: 'additive', lock: AE },
  AT_DropInherit: { handler: inherit(false), effect: 'destructive (breaks the parent)', lock: AE },
  AT_AttachPartition: { handler: attachPartition, effect: 'additive', lock: `${SUE} on the parent, ${AE} on the partition`, rewriteScan: 'scan of the partition' },
  AT_DetachPartition: { handler: detachPartition, effect: 'destructive (breaks the parent)', lock: `${AE} (CONCURRENTLY: ${SUE})` },
  AT_DetachPartitionFinalize: neutral(SUE),
};

function rowSecurity(restricts: boolean): CommandHandler {
  return (table) =>
    restricts
      ? { effect: 'destructive', locks: [{ table, level: AE }], breaks: [table], notes: [`row-level security on ${table}: roles without a matching policy see and change no rows`] }
      : { effect: 'additive', locks: [{ table, level: AE }], notes: [`row-level security relaxed on ${table}`] };
}

function inherit(add: boolean): CommandHandler {
  return (table, cmd, ctx) => {
    const parent = ctx.names.relation(cmd.def?.RangeVar);
    const objects = [{ type: 'table' as const, name: parent, action: 'alter' as const }];
    const locks = [{ table, level: AE }, { table: parent, level: AE }];
    if (add) return { effect: 'additive', objects, locks, notes: [`rows of ${table} now appear in queries on ${parent}`] };
    return { effect: 'destructive', objects, locks, breaks: [parent], notes: [`rows of ${table} disappear from queries on ${parent}`] };
  };
}

function attachPartition(table: string, cmd: AstNode, ctx: HandlerContext): Outcome {
  const partition = ctx.names.relation(cmd.def?.PartitionCmd?.name);
  return {
    effect: 'additive',
    objects: [{ type: 'table', name: partition, action: 'alter' }],
    locks: [{ table, level: SUE }, { table: partition, level: AE }],
    scan: true,
    notes: [`scans ${partition} to check the partition bound unless a matching CHECK constraint exists`],
  };
}

function detachPartition(table: string, cmd: AstNode, ctx: HandlerContext): Outcome {
  const partition = ctx.names.relation(cmd.def?.PartitionCmd?.name);
  const level = cmd.def?.PartitionCmd?.concurrent ? SUE : AE;
  return {
    effect: 'destructive',
    objects: [{ type: 'table', name: partition, action: 'alter' }],
    locks: [{ table, level }, { table: partition, level }],
    breaks: [table],
    notes: [`rows of ${partition} disappear from queries on ${table}`],
  };
}

const RELATION_TYPES: Record<string, ObjectType> = {
  OBJECT_TABLE: 'table', OBJECT_FOREIGN_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized-view',
  OBJECT_INDEX: 'index', OBJECT_SEQUENCE: 'sequence',
};

/** Handler for `AlterTableStmt`. */
export function alterTable(node: AstNode, ctx: HandlerContext): Outcome {
  const relation = ctx.names.relation(node.relation);
  const cmds: AstNode[] = (node.cmds ?? []).map((c: AstNode) => c.AlterTableCmd).filter(Boolean);
  if (node.objtype === 'OBJECT_TYPE') return alterCompositeType(relation, cmds);
  const type = RELATION_TYPES[node.objtype] ?? 'table';
  // Columns added (and defaults set) by earlier subcommands of this statement: no deployed code
  // writes those columns yet; `ADD COLUMN n int, ALTER n SET NOT NULL` is judged like one ADD.
  const added = new Set<string>();
  const defaults = new Map<string, boolean>();
  const local: HandlerContext = {
    ...ctx,
    isNew: (name) => added.has(name) || ctx.isNew(name),
    hasDefault: (column) => defaults.get(column) ?? ctx.hasDefault(column),
  };
  const parts = cmds.map((cmd) => {
    const entry = ALTER_TABLE_COMMANDS[cmd.subtype];
    const part: Outcome = entry
      ? entry.handler(relation, cmd, local)
      : { effect: 'unknown', locks: [{ table: relation, level: AE }], breaks: [relation], notes: [`no rule for ALTER ${type.toUpperCase()} subcommand ${cmd.subtype}`] };
    const result = withoutAdded(part, added);
    if (cmd.subtype === 'AT_AddColumn') defaults.set(member(relation, cmd.def?.ColumnDef?.colname), readColumnDef(cmd.def?.ColumnDef ?? {}).hasDefault);
    if (cmd.subtype === 'AT_ColumnDefault') defaults.set(member(relation, cmd.name), Boolean(cmd.def));
    for (const o of part.objects ?? []) if (o.type === 'column' && o.action === 'create') added.add(o.name);
    return result;
  });
  const outcome = combine(parts);
  outcome.objects = [{ type, name: relation, action: 'alter' }, ...(outcome.objects ?? [])];
  if (node.relation?.inh === false) outcome.notes!.push('ONLY: partitions or child tables are not changed');
  return outcome;
}

function withoutAdded(part: Outcome, added: Set<string>): Outcome {
  const breaks = (part.breaks ?? []).filter((name) => !added.has(name));
  if (breaks.length === (part.breaks ?? []).length) return part;
  if (part.effect === 'destructive' && breaks.length === 0) {
    return { ...part, effect: 'additive', breaks, notes: [...(part.notes ?? []), 'restricts a column added by this same statement'] };
  }
  return { ...part, breaks };
}

/** ALTER TYPE … ADD / DROP / ALTER ATTRIBUTE on a composite type: no table lock. */
function alterCompositeType(type: string, cmds: AstNode[]): Outcome {
  const parts = cmds.map((cmd): Outcome => {
    const name = member(type, cmd.name ?? cmd.def?.ColumnDef?.colname ?? '?');
    if (cmd.subtype === 'AT_AddColumn') return { effect: 'additive', objects: [{ type: 'column', name, action: 'create' }] };
    if (cmd.subtype === 'AT_DropColumn') return { effect: 'destructive', objects: [{ type: 'column', name, action: 'drop' }], breaks: [name] };
    if (cmd.subtype === 'AT_AlterColumnType') return { effect: 'destructive', objects: [{ type: 'column', name, action: 'alter' }], breaks: [name] };
    return { effect: 'neutral' };
  });
  const outcome = combine(parts);
  outcome.objects = [{ type: 'type', name: type, action: 'alter' }, ...(outcome.objects ?? [])];
  return outcome;
}
