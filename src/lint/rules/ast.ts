// Small readers over the libpg-query (PostgreSQL 18) JSON AST, shared by the rules so each
// rule stays a short, self-contained check. Not a rule: it has no doc page and no registry entry.
import type { AstNode } from '../../sql/index.js';
import type { LintStatement, RuleContext, RuleFinding } from '../types.js';

/**
 * The loop of a rule: `check` each statement of the section, collecting what it reports (nothing,
 * one finding, or several). Rather than `flatMap`, which needs an array back even for the many
 * statements that are none of the rule's business: every rule visits every statement (B4).
 */
export function eachStatement(context: RuleContext, check: (s: LintStatement, index: number) => RuleFinding | RuleFinding[] | undefined): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const { statements } = context;
  for (let index = 0; index < statements.length; index++) {
    const found = check(statements[index]!, index);
    if (found === undefined) continue;
    if (Array.isArray(found)) findings.push(...found);
    else findings.push(found);
  }
  return findings;
}

export { walk } from '../../sql/index.js';

/** The `sval`s of a list of `String` nodes (names, column lists). */
export function strings(list: AstNode[] | undefined): string[] {
  return (list ?? []).map((item) => item.String?.sval).filter((s): s is string => typeof s === 'string');
}

/** `schema.name` for a `RangeVar` (table, view, index, sequence reference). */
export function relationName(rangeVar: AstNode | undefined, defaultSchema: string): string {
  const schema = rangeVar?.schemaname ?? (rangeVar?.relpersistence === 't' ? 'pg_temp' : defaultSchema);
  return `${schema}.${rangeVar?.relname ?? '?'}`;
}

/** `schema.name` for a qualified name list such as `['s', 't']` or `['t']`. */
export function listName(names: string[], defaultSchema: string): string {
  // catalog.schema.name: the catalog is always the current database.
  return names.length > 1 ? names.slice(-2).join('.') : `${defaultSchema}.${names[0] ?? '?'}`;
}

/**
 * Whether `table` is new (created earlier in the section or pending set), so no colour uses it.
 * An unqualified name may also mean a temporary table created earlier (`pg_temp.name`); a
 * materialized view created earlier in the section counts too.
 */
export function isNewTable(context: RuleContext, table: string, index: number): boolean {
  if (context.tableCreatedBefore(table, index)) return true;
  const prefix = `${context.defaultSchema}.`;
  if (table.startsWith(prefix) && context.tableCreatedBefore(`pg_temp.${table.slice(prefix.length)}`, index)) return true;
  // A materialized view created earlier in the section: only REFRESH writes it, and nobody reads it yet.
  return createdEarlierInSection(context, `matview:${table}`, index);
}

/** The commands of an `ALTER TABLE` statement (the `AlterTableCmd` bodies), or `[]` for any other statement. */
export function alterCommands(statement: LintStatement): readonly AstNode[] {
  const { kind, node } = statement.statement;
  // ALTER TYPE … ADD/DROP ATTRIBUTE and ALTER INDEX/VIEW share the node; only tables count here.
  if (kind !== 'AlterTableStmt' || (node.objtype !== 'OBJECT_TABLE' && node.objtype !== 'OBJECT_FOREIGN_TABLE')) return NONE;
  let commands = commandsMemo.get(statement);
  if (!commands) commandsMemo.set(statement, (commands = (node.cmds ?? []).map((cmd: AstNode) => cmd.AlterTableCmd).filter(Boolean) as AstNode[]));
  return commands;
}

/** The `ALTER TABLE` commands of one subtype (`AT_DropColumn`…), or `[]`; without an array per statement that has none. */
export function alterCommandsOf(statement: LintStatement, subtype: string): readonly AstNode[] {
  const commands = alterCommands(statement);
  return commands.some((cmd) => cmd.subtype === subtype) ? commands.filter((cmd) => cmd.subtype === subtype) : NONE;
}

/**
 * The answer of the helpers below for a statement they do not apply to. Shared and frozen: every
 * rule asks every statement, and most statements are none of their business (B4).
 */
const NONE: readonly never[] = Object.freeze([]);

// Per-statement answers of the helpers every rule calls for the same statement (a rule runs once
// per section, ~45 rules per statement). Keyed by the statement object, so nothing outlives the report.
const commandsMemo = new WeakMap<LintStatement, AstNode[]>();

/** A column's type with PostgreSQL's aliases folded: `int` and `integer` → `int4`, `char(n)` → `bpchar`. */
export interface TypeInfo {
  /** Lower-case type name; `schema.name` for types outside `pg_catalog`. */
  name: string;
  /** Numeric type modifiers (`varchar(20)` → `[20]`, `numeric(10,2)` → `[10, 2]`). */
  mods: number[];
  array: boolean;
}

const ALIASES: Record<string, string> = { serial4: 'serial', serial8: 'bigserial', serial2: 'smallserial' };

export function typeInfo(typeName: AstNode | undefined): TypeInfo {
  if (!typeName) return readTypeInfo(typeName);
  let info = typeMemo.get(typeName);
  if (!info) typeMemo.set(typeName, (info = readTypeInfo(typeName)));
  return info;
}

// Half the rules read the type of every column definition; the AST node is the key.
const typeMemo = new WeakMap<AstNode, TypeInfo>();

function readTypeInfo(typeName: AstNode | undefined): TypeInfo {
  const names = strings(typeName?.names);
  const schema = names.length > 1 ? names[0] : undefined;
  const last = (names[names.length - 1] ?? '?').toLowerCase();
  const name = schema && schema !== 'pg_catalog' ? `${schema}.${last}` : (ALIASES[last] ?? last);
  const mods = (typeName?.typmods ?? []).map((m: AstNode) => m.A_Const?.ival?.ival ?? 0);
  return { name, mods, array: Array.isArray(typeName?.arrayBounds) && typeName.arrayBounds.length > 0 };
}

/** The `Constraint` bodies attached to a `ColumnDef`. */
export function columnConstraints(columnDef: AstNode): readonly AstNode[] {
  if (!columnDef.constraints) return NONE;
  let constraints = constraintsMemo.get(columnDef);
  if (!constraints) constraintsMemo.set(columnDef, (constraints = columnDef.constraints.map((c: AstNode) => c.Constraint).filter(Boolean) as AstNode[]));
  return constraints;
}

const constraintsMemo = new WeakMap<AstNode, AstNode[]>();

/** A column defined by a statement: a `CREATE TABLE` column, an `ADD COLUMN`, or an `ALTER COLUMN … TYPE`. */
export interface ColumnDefinition {
  table: string;
  column: string;
  /** The `ColumnDef` body. */
  def: AstNode;
  how: 'create-table' | 'add-column' | 'alter-type';
}

export function columnDefinitions(statement: LintStatement, defaultSchema: string): readonly ColumnDefinition[] {
  const { kind } = statement.statement;
  if (kind !== 'CreateStmt' && kind !== 'AlterTableStmt') return NONE;
  return memo(columnMemo, statement, defaultSchema, computeColumnDefinitions);
}

/**
 * `schema.table.column` of each column an ALTER TABLE's `commands` change, leaving out those no
 * colour can use yet: on a table created earlier in this migration, or added earlier in the set.
 */
export function deployedColumns(context: RuleContext, statement: LintStatement, index: number, commands: readonly AstNode[]): string[] {
  const table = relationName(statement.statement.node.relation, context.defaultSchema);
  if (isNewTable(context, table, index)) return [];
  return commands.map((cmd) => `${table}.${cmd.name}`).filter((column) => !context.columnAddedBefore(column, index));
}

/**
 * The statement's column definitions of one kind (`ADD COLUMN`, `ALTER COLUMN … TYPE`) on tables
 * that existed before this migration: what the lock and colour rules check (a new table has no
 * rows and no colour using it yet).
 */
export function definitionsOnExistingTables(context: RuleContext, statement: LintStatement, index: number, how: ColumnDefinition['how']): ColumnDefinition[] {
  const definitions = columnDefinitions(statement, context.defaultSchema);
  if (definitions.length === 0) return [];
  return definitions.filter((d) => d.how === how && !isNewTable(context, d.table, index));
}

function computeColumnDefinitions(statement: LintStatement, defaultSchema: string): ColumnDefinition[] {
  const { kind, node } = statement.statement;
  if (kind === 'CreateStmt') {
    const table = relationName(node.relation, defaultSchema);
    return (node.tableElts ?? [])
      .map((e: AstNode) => e.ColumnDef)
      .filter(Boolean)
      .map((def: AstNode) => ({ table, column: def.colname, def, how: 'create-table' as const }));
  }
  if (kind !== 'AlterTableStmt') return [];
  const table = relationName(node.relation, defaultSchema);
  return alterCommands(statement).flatMap((cmd): ColumnDefinition[] => {
    const def = cmd.def?.ColumnDef;
    if (!def) return [];
    if (cmd.subtype === 'AT_AddColumn') return [{ table, column: def.colname, def, how: 'add-column' }];
    if (cmd.subtype === 'AT_AlterColumnType') return [{ table, column: cmd.name, def, how: 'alter-type' }];
    return [];
  });
}

/** A constraint a statement adds: `ALTER TABLE … ADD CONSTRAINT`, or a table/column constraint of `CREATE TABLE` / `ADD COLUMN`. */
export interface AddedConstraint {
  table: string;
  /** The `Constraint` body. */
  constraint: AstNode;
  how: 'add-constraint' | 'create-table' | 'add-column';
  /** For column constraints: the column they sit on. */
  column?: string;
}

export function addedConstraints(statement: LintStatement, defaultSchema: string): readonly AddedConstraint[] {
  const { kind } = statement.statement;
  if (kind !== 'CreateStmt' && kind !== 'AlterTableStmt') return NONE;
  return memo(constraintMemo, statement, defaultSchema, computeAddedConstraints);
}

/**
 * Per-statement results of the helpers several rules call for the same statement (a rule runs
 * once per section; a file is linted once). Keyed by the statement object, so nothing outlives
 * the report; the schema is part of the key because it is part of the answer.
 */
function memo<T>(cache: WeakMap<LintStatement, { schema: string; value: T }>, statement: LintStatement, defaultSchema: string, compute: (s: LintStatement, schema: string) => T): T {
  const hit = cache.get(statement);
  if (hit && hit.schema === defaultSchema) return hit.value;
  const value = compute(statement, defaultSchema);
  cache.set(statement, { schema: defaultSchema, value });
  return value;
}

const constraintMemo = new WeakMap<LintStatement, { schema: string; value: AddedConstraint[] }>();
const columnMemo = new WeakMap<LintStatement, { schema: string; value: ColumnDefinition[] }>();
const createdMemo = new WeakMap<LintStatement, { schema: string; value: readonly string[] }>();
const firstCreatedMemo = new WeakMap<readonly LintStatement[], { schema: string; value: Map<string, number> }>();

function computeAddedConstraints(statement: LintStatement, defaultSchema: string): AddedConstraint[] {
  const { kind, node } = statement.statement;
  if (kind === 'CreateStmt') {
    const table = relationName(node.relation, defaultSchema);
    return (node.tableElts ?? []).flatMap((e: AstNode): AddedConstraint[] => {
      if (e.Constraint) return [{ table, constraint: e.Constraint, how: 'create-table' }];
      if (e.ColumnDef) return columnConstraints(e.ColumnDef).map((constraint) => ({ table, constraint, how: 'create-table', column: e.ColumnDef.colname }));
      return [];
    });
  }
  if (kind !== 'AlterTableStmt') return [];
  const table = relationName(node.relation, defaultSchema);
  return alterCommands(statement).flatMap((cmd): AddedConstraint[] => {
    if (cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint) return [{ table, constraint: cmd.def.Constraint, how: 'add-constraint' }];
    const def = cmd.subtype === 'AT_AddColumn' ? cmd.def?.ColumnDef : undefined;
    return def ? columnConstraints(def).map((constraint) => ({ table, constraint, how: 'add-column', column: def.colname })) : [];
  });
}

/** The columns a constraint covers (its key list, or the column it is attached to). */
export function constraintColumns(added: AddedConstraint): string[] {
  const c = added.constraint;
  const keys = strings(c.contype === 'CONSTR_FOREIGN' ? c.fk_attrs : c.keys);
  return keys.length > 0 ? keys : added.column ? [added.column] : [];
}

/**
 * Which statements share a transaction: the same number means the same transaction, `undefined`
 * means the statement runs on its own. A transactional section is one transaction (spec §7.3), split
 * by each statement that cannot run in one (the runner commits before running it as its own step);
 * explicit `BEGIN … COMMIT` blocks in the file form their own group.
 */
export function transactionGroups(context: RuleContext): ReadonlyArray<number | undefined> {
  let groups = groupsMemo.get(context);
  if (!groups) groupsMemo.set(context, (groups = computeTransactionGroups(context)));
  return groups;
}

// Several rules ask for a section's groups; the context object stands for the section.
const groupsMemo = new WeakMap<RuleContext, Array<number | undefined>>();

function computeTransactionGroups(context: RuleContext): Array<number | undefined> {
  let next = 0;
  let runner = next++;
  let explicit: number | undefined;
  return context.statements.map((s) => {
    const { kind, node } = s.statement;
    if (kind === 'TransactionStmt' && (node.kind === 'TRANS_STMT_BEGIN' || node.kind === 'TRANS_STMT_START')) {
      explicit = next++;
      return explicit;
    }
    if (kind === 'TransactionStmt' && ENDS_TRANSACTION.has(node.kind)) {
      const group = explicit;
      explicit = undefined;
      return group;
    }
    if (explicit !== undefined) return explicit;
    if (!s.statement.transactional) {
      runner = next++;
      return undefined;
    }
    return context.inTransaction ? runner : undefined;
  });
}

const ENDS_TRANSACTION = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE', 'TRANS_STMT_COMMIT_PREPARED', 'TRANS_STMT_ROLLBACK_PREPARED']);

/** For each statement, whether it sits inside an explicit `BEGIN … COMMIT` block written in the file. */
export function insideExplicitTransaction(context: RuleContext): boolean[] {
  let open = false;
  return context.statements.map((s) => {
    const { kind, node } = s.statement;
    if (kind !== 'TransactionStmt') return open;
    if (node.kind === 'TRANS_STMT_BEGIN' || node.kind === 'TRANS_STMT_START') open = true;
    else if (ENDS_TRANSACTION.has(node.kind)) open = false;
    return false;
  });
}

/** Whether a DefElem option list turns `name` on, e.g. `concurrently` in `REINDEX (CONCURRENTLY)`; `(FULL false)` is off. */
export function hasOption(options: AstNode[] | undefined, name: string): boolean {
  return (options ?? []).some((o) => o.DefElem?.defname === name && !isFalse(o.DefElem.arg));
}

function isFalse(arg: AstNode | undefined): boolean {
  const value = arg?.String?.sval ?? arg?.Boolean?.boolval ?? arg?.Integer?.ival;
  return value === 'false' || value === 'off' || value === false || value === 0;
}

/** Byte length as PostgreSQL counts it for NAMEDATALEN (63 bytes max). */
export function byteLength(identifier: string): number {
  return Buffer.byteLength(identifier, 'utf8');
}

/**
 * The schema-qualified name of an object in a `DropStmt`/`RenameStmt`/`AlterObjectSchemaStmt`
 * (`List` of names, bare `String`, `TypeName`, `ObjectWithArgs`). For objects that live on a table
 * (trigger, policy, rule) the name is `schema.table.name`.
 */
export function objectName(object: AstNode | undefined, objectType: string, defaultSchema: string): string {
  if (!object) return '?';
  if (object.String) return object.String.sval;
  if (object.TypeName) return listName(strings(object.TypeName.names), defaultSchema);
  if (object.ObjectWithArgs) return listName(strings(object.ObjectWithArgs.objname), defaultSchema);
  const names = strings(object.List?.items);
  if (ON_TABLE.has(objectType)) return `${listName(names.slice(0, -1), defaultSchema)}.${names[names.length - 1] ?? '?'}`;
  return listName(names, defaultSchema);
}

const ON_TABLE = new Set(['OBJECT_TRIGGER', 'OBJECT_POLICY', 'OBJECT_RULE']);

/**
 * Objects a statement creates, as `kind:schema.name` keys (`view:public.v`, `function:public.f`,
 * `index:public.i`…), so a rule can tell that a dropped or renamed object is new in this section.
 */
export function createdObjects(statement: LintStatement, defaultSchema: string): readonly string[] {
  return memo(createdMemo, statement, defaultSchema, computeCreatedObjects);
}

function computeCreatedObjects(statement: LintStatement, defaultSchema: string): readonly string[] {
  const { kind, node } = statement.statement;
  switch (kind) {
    case 'CreateStmt':
      return [`table:${relationName(node.relation, defaultSchema)}`];
    case 'CreateTableAsStmt':
      return [`${node.objtype === 'OBJECT_MATVIEW' ? 'matview' : 'table'}:${relationName(node.into?.rel, defaultSchema)}`];
    case 'ViewStmt':
      return [`view:${relationName(node.view, defaultSchema)}`];
    case 'IndexStmt':
      return node.idxname ? [`index:${node.relation?.schemaname ?? defaultSchema}.${node.idxname}`] : [];
    case 'CreateSeqStmt':
      return [`sequence:${relationName(node.sequence, defaultSchema)}`];
    case 'CreateFunctionStmt':
      return [`${node.is_procedure ? 'procedure' : 'function'}:${listName(strings(node.funcname), defaultSchema)}`];
    case 'CreateEnumStmt':
    case 'CreateRangeStmt':
      return [`type:${listName(strings(node.typeName), defaultSchema)}`];
    case 'CompositeTypeStmt':
      return [`type:${relationName(node.typevar, defaultSchema)}`];
    case 'CreateDomainStmt':
      return [`domain:${listName(strings(node.domainname), defaultSchema)}`];
    case 'CreateSchemaStmt':
      return [`schema:${node.schemaname}`];
    case 'CreateTrigStmt':
      return [`trigger:${relationName(node.relation, defaultSchema)}.${node.trigname}`];
    case 'CreateExtensionStmt':
      return [`extension:${node.extname}`];
    case 'AlterTableStmt':
      return addedConstraints(statement, defaultSchema)
        .filter((c) => c.constraint.conname)
        .map((c) => `constraint:${c.table}.${c.constraint.conname}`);
    default:
      return NONE;
  }
}

/** Whether an earlier statement of this section created the object (`kind:schema.name`, see `createdObjects`). */
export function createdEarlierInSection(context: RuleContext, key: string, index: number): boolean {
  return (firstCreated(context).get(key) ?? Number.POSITIVE_INFINITY) < index;
}

/** For each object a section creates (`kind:schema.name`), the index of the first statement creating it; built once per section. */
function firstCreated(context: RuleContext): Map<string, number> {
  const hit = firstCreatedMemo.get(context.statements);
  if (hit && hit.schema === context.defaultSchema) return hit.value;
  const firsts = new Map<string, number>();
  context.statements.forEach((s, i) => {
    for (const key of createdObjects(s, context.defaultSchema)) if (!firsts.has(key)) firsts.set(key, i);
  });
  firstCreatedMemo.set(context.statements, { schema: context.defaultSchema, value: firsts });
  return firsts;
}

/** `OBJECT_MATVIEW` → `matview`: the key prefix `createdObjects` uses for an object type. */
export function objectKind(objectType: string): string {
  return objectType.replace(/^OBJECT_/, '').toLowerCase();
}
