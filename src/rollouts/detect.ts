// Reads what a statement does to columns, for the rollout ledger. Pure, from the AST and the
// classification: which columns it adds, drops, backfills (UPDATE … SET c =) or enforces
// (SET NOT NULL, or a validated CHECK (c IS NOT NULL)).
import { parseSql, rowWrites, type AstNode, type SqlStatement } from '../sql/index.js';
import type { Classification } from '../classify/types.js';

export interface ColumnTouch {
  column: string;
  /**
   * `restrict` is a NOT VALID `CHECK (c IS NOT NULL)`: new writes must set the column (so it needs
   * a dual-written rollout like enforce), but existing rows are not yet proven, so not `enforced`.
   */
  how: 'add' | 'drop' | 'backfill' | 'enforce' | 'restrict';
  /** How an `enforce` is written, when not by SET NOT NULL (for messages). */
  via?: 'check' | 'validate';
}

export function columnTouches(statement: SqlStatement, classification: Classification | undefined, defaultSchema: string, notNullChecks: Map<string, string>): ColumnTouch[] {
  const touches: ColumnTouch[] = [];
  for (const o of classification?.objects ?? []) {
    if (o.type === 'column' && o.action === 'create') touches.push({ column: o.name, how: 'add' });
    if (o.type === 'column' && o.action === 'drop') touches.push({ column: o.name, how: 'drop' });
  }
  // An UPDATE backfills the columns it sets — also as a CTE (`WITH moved AS (UPDATE …) SELECT …`).
  for (const write of rowWrites(statement.kind, statement.node)) {
    if (write.kind !== 'UpdateStmt') continue;
    const table = relationName(write.node.relation, defaultSchema);
    for (const target of write.node.targetList ?? []) {
      const name = target.ResTarget?.name;
      if (name) touches.push({ column: `${table}.${name}`, how: 'backfill' });
    }
  }
  if (statement.kind === 'AlterTableStmt') {
    const table = relationName(statement.node.relation, defaultSchema);
    for (const item of statement.node.cmds ?? []) touches.push(...enforcements(item.AlterTableCmd ?? {}, table, notNullChecks));
  }
  return touches;
}

function enforcements(cmd: AstNode, table: string, notNullChecks: Map<string, string>): ColumnTouch[] {
  if (cmd.subtype === 'AT_SetNotNull' && cmd.name) return [{ column: `${table}.${cmd.name}`, how: 'enforce' }];
  if (cmd.subtype === 'AT_AddConstraint') {
    const con = cmd.def?.Constraint ?? {};
    const column = con.contype === 'CONSTR_CHECK' ? notNullColumn(con.raw_expr) : undefined;
    if (!column) return [];
    if (con.conname) notNullChecks.set(`${table}.${con.conname}`, `${table}.${column}`);
    return [con.skip_validation ? { column: `${table}.${column}`, how: 'restrict' } : { column: `${table}.${column}`, how: 'enforce', via: 'check' }];
  }
  if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
    const column = notNullChecks.get(`${table}.${cmd.name}`);
    return column ? [{ column, how: 'enforce', via: 'validate' }] : [];
  }
  return [];
}

/**
 * `c IS NOT NULL` → `c`; also `t.c` and `s.t.c`: a table's CHECK can only name that table's
 * columns, so a qualified reference is the same column.
 */
function notNullColumn(expr: AstNode | undefined): string | undefined {
  const test = expr?.NullTest;
  if (!test || test.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = test.arg?.ColumnRef?.fields ?? [];
  return fields[fields.length - 1]?.String?.sval;
}

/** Whether the statement validates a constraint (`ALTER TABLE … VALIDATE CONSTRAINT`), which may enforce a column. */
export function validatesConstraint(statement: SqlStatement): boolean {
  return statement.kind === 'AlterTableStmt' && (statement.node.cmds ?? []).some((c: AstNode) => c.AlterTableCmd?.subtype === 'AT_ValidateConstraint');
}

export function relationName(relation: AstNode | undefined, defaultSchema: string): string {
  return `${relation?.schemaname ?? defaultSchema}.${relation?.relname ?? '?'}`;
}

/**
 * The column of a NOT NULL check as pg_get_constraintdef prints it (`CHECK ((owner IS NOT NULL))
 * NOT VALID` → `owner`), read by the parser and `notNullColumn` like a migration's own constraint,
 * so quoting and non-ASCII names need no rules of their own. The parser must be loaded.
 */
export function notNullCheckColumn(definition: string): string | undefined {
  const { statements, error } = parseSql(`ALTER TABLE t ADD ${definition}`);
  const con = error ? undefined : statements[0]?.node.cmds?.[0]?.AlterTableCmd?.def?.Constraint;
  return con?.contype === 'CONSTR_CHECK' ? notNullColumn(con.raw_expr) : undefined;
}
