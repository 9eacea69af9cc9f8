// Schema-qualified object names (spec §1 "object"): every name the classifier reports is
// qualified, unqualified ones with the configured default schema, because the gate compares them
// with usage manifests that are qualified the same way. Identifiers are kept as the parser returns
// them (unquoted ones folded to lower case, quoted ones exact) and are never re-quoted.
import type { AstNode } from '../sql/index.js';

export interface Names {
  defaultSchema: string;
  /** `schema.name` of a `RangeVar` (table, view, index or sequence reference). */
  relation(rangeVar: AstNode | undefined): string;
  /** `schema.name` of a qualified name given as a list of `String` nodes (`['s','t']` or `['t']`). */
  qualified(list: AstNode[] | undefined): string;
  /** `schema.name` of a `TypeName` node. */
  type(typeName: AstNode | undefined): string;
}

/**
 * Builds the namer for one statement. `temporary(name)` says whether an unqualified relation name
 * refers to a temporary table created earlier (those live in `pg_temp`, not the default schema).
 */
export function createNames(defaultSchema: string, temporary: (name: string) => boolean = () => false): Names {
  const qualified = (list: AstNode[] | undefined): string => {
    const parts = strings(list);
    if (parts.length === 0) return `${defaultSchema}.?`;
    // catalog.schema.name: the catalog is always the current database; drop it.
    if (parts.length > 2) return parts.slice(-2).join('.');
    return parts.length === 2 ? parts.join('.') : `${defaultSchema}.${parts[0]}`;
  };
  return {
    defaultSchema,
    relation(rangeVar) {
      const name = rangeVar?.relname ?? '?';
      if (rangeVar?.schemaname) return `${rangeVar.schemaname}.${name}`;
      if (rangeVar?.relpersistence === 't' || temporary(name)) return `pg_temp.${name}`;
      return `${defaultSchema}.${name}`;
    },
    qualified,
    type: (typeName) => qualified(typeName?.names),
  };
}

/** The `sval`s of a list of `String` nodes. */
export function strings(list: AstNode[] | undefined): string[] {
  return (list ?? []).map((item) => item?.String?.sval).filter((s): s is string => typeof s === 'string');
}

/** `schema.table.member` for objects whose names are scoped to a table (columns, constraints, triggers, policies). */
export function member(table: string, name: string): string {
  return `${table}.${name}`;
}

/** The schema of a qualified name (`public.users.email` → `public`). */
export function schemaOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

/** The table of a column-like name (`public.users.email` → `public.users`). */
export function parentOf(name: string): string {
  // Called for every name the classifier checks: no split and join.
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(0, dot);
}

/** The unqualified last part of a name. */
export function baseName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

const NAMEDATALEN = 64;

/**
 * The name PostgreSQL generates for an unnamed index or constraint (its `makeObjectName`):
 * `users_email_key`, `users_pkey`, `orders_user_id_fkey`, shortened to 63 bytes the same way.
 * Collisions (PostgreSQL then appends a digit) cannot be known offline and are ignored.
 */
export function defaultObjectName(table: string, columns: string[] | undefined, label: string): string {
  const name1 = table;
  const name2 = columns && columns.length > 0 ? columnsAddition(columns) : undefined;
  let n1 = name1.length;
  let n2 = name2?.length ?? 0;
  const overhead = (name2 === undefined ? 0 : 1) + label.length + 1;
  const available = NAMEDATALEN - 1 - overhead;
  while (n1 + n2 > available) {
    if (n1 > n2) n1--;
    else n2--;
  }
  return [name1.slice(0, n1), name2?.slice(0, n2), label].filter((p) => p !== undefined).join('_');
}

/** PostgreSQL's ChooseIndexNameAddition: column names joined with `_`, stopping once past 63 bytes. */
function columnsAddition(columns: string[]): string {
  let out = '';
  for (const column of columns) {
    out = out === '' ? column : `${out}_${column}`;
    if (out.length >= NAMEDATALEN) break;
  }
  return out;
}
