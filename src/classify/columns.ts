// Reading a column definition (CREATE TABLE column, ADD COLUMN): what old code sees when it
// inserts without naming the column (NOT NULL without a default fails), and what PostgreSQL must do
// to existing rows (a volatile default, identity or stored generated column fills every row).
import type { AstNode } from '../sql/index.js';
import { volatility } from './expressions.js';
import { isSerial, typeFacts, type TypeFacts } from './type-change.js';

export interface ColumnDefinition {
  name: string;
  type: TypeFacts;
  notNull: boolean;
  /** A DEFAULT clause, a serial type, an identity or a generated expression supplies values. */
  hasDefault: boolean;
  /** Existing rows each need a computed value, so ADD COLUMN rewrites the table. */
  fillsRows: boolean;
  /** Why, or what cannot be known offline (for notes). */
  notes: string[];
  /** Inline constraints (`Constraint` bodies). */
  constraints: AstNode[];
}

export function readColumnDef(def: AstNode): ColumnDefinition {
  let read = readMemo.get(def);
  if (!read) readMemo.set(def, (read = readFresh(def)));
  return read;
}

// The classifier and what it learns both read each column definition, some more than once; the
// AST node is the key, and callers only read the result.
const readMemo = new WeakMap<AstNode, ColumnDefinition>();

function readFresh(def: AstNode): ColumnDefinition {
  const constraints: AstNode[] = (def.constraints ?? []).map((c: AstNode) => c.Constraint).filter(Boolean);
  const has = (contype: string) => constraints.find((c) => c.contype === contype);
  const defaultExpr = has('CONSTR_DEFAULT')?.raw_expr ?? def.raw_default;
  const identity = has('CONSTR_IDENTITY') ?? def.identitySequence;
  const generated = has('CONSTR_GENERATED');
  const serial = isSerial(def.typeName);
  const notes: string[] = [];
  let fillsRows = false;
  if (defaultExpr) {
    const v = volatility(defaultExpr);
    if (v.volatile) {
      fillsRows = true;
      notes.push(`volatile default on ${def.colname}: every existing row gets its own value`);
    } else if (v.unknown.length > 0) {
      notes.push(`default on ${def.colname} calls ${v.unknown.join(', ')}(): if VOLATILE, PostgreSQL rewrites the table`);
    }
  }
  if (serial) {
    fillsRows = true;
    notes.push(`serial column ${def.colname}: nextval() default fills every existing row`);
  }
  if (identity) {
    fillsRows = true;
    notes.push(`identity column ${def.colname}: every existing row gets a value`);
  }
  // PostgreSQL 18 columns are VIRTUAL unless STORED: only stored ones are computed for every row.
  if (generated && generated.generated_kind !== 'v') {
    fillsRows = true;
    notes.push(`stored generated column ${def.colname}: computed for every existing row`);
  }
  return {
    name: def.colname,
    type: typeFacts(def.typeName),
    notNull: def.is_not_null === true || Boolean(has('CONSTR_NOTNULL') || has('CONSTR_PRIMARY') || identity),
    hasDefault: Boolean(defaultExpr || identity || generated) || serial,
    fillsRows,
    notes,
    constraints,
  };
}

/** The ColumnDef bodies of a CREATE TABLE's elements. */
export function columnDefs(tableElts: AstNode[] | undefined): AstNode[] {
  return (tableElts ?? []).map((e) => e.ColumnDef).filter(Boolean);
}

/** Table-level constraints of a CREATE TABLE (`PRIMARY KEY (a, b)`, `FOREIGN KEY …`). */
export function tableConstraints(tableElts: AstNode[] | undefined): AstNode[] {
  return (tableElts ?? []).map((e) => e.Constraint).filter(Boolean);
}
