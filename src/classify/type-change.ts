// ALTER COLUMN … TYPE: does PostgreSQL rewrite the table? Only when the old type is known
// (declared earlier in the migration set) can a change be proven rewrite-free; the casts below are
// the ones PostgreSQL treats as binary-coercible or as a no-op typmod change (its varchar, numeric,
// bit, timestamp, time and interval length-coercion support functions).
import type { AstNode } from '../sql/index.js';
import { strings } from './names.js';

/** A column type with PostgreSQL's aliases folded (`integer` → `int4`, `character varying` → `varchar`). */
export interface TypeFacts {
  /** Lower-case last part of the type name; the schema is dropped (`public.citext` → `citext`). */
  name: string;
  /** Numeric type modifiers: `varchar(20)` → `[20]`, `numeric(10,2)` → `[10, 2]`. */
  mods: number[];
  array: boolean;
}

const ALIASES: Record<string, string> = {
  serial: 'int4', serial4: 'int4', bigserial: 'int8', serial8: 'int8', smallserial: 'int2', serial2: 'int2',
  int: 'int4', integer: 'int4', bigint: 'int8', smallint: 'int2', decimal: 'numeric', char: 'bpchar',
  character: 'bpchar', 'character varying': 'varchar', bool: 'bool', boolean: 'bool', float: 'float8',
  'double precision': 'float8', real: 'float4', timestamp_tz: 'timestamptz',
};

export function typeFacts(typeName: AstNode | undefined): TypeFacts {
  const names = strings(typeName?.names);
  const last = (names[names.length - 1] ?? '?').toLowerCase();
  const mods = (typeName?.typmods ?? []).map((m: AstNode) => Number(m.A_Const?.ival?.ival ?? 0));
  return { name: ALIASES[last] ?? last, mods, array: (typeName?.arrayBounds ?? []).length > 0 };
}

/** Serial types are an integer plus a `nextval` default: a volatile default. */
export function isSerial(typeName: AstNode | undefined): boolean {
  const names = strings(typeName?.names);
  return /^(small|big)?serial[248]?$/.test((names[names.length - 1] ?? '').toLowerCase());
}

export function formatType(type: TypeFacts): string {
  return `${type.name}${type.mods.length > 0 ? `(${type.mods.join(',')})` : ''}${type.array ? '[]' : ''}`;
}

// Types whose length/precision modifier can grow (or be removed) without touching the data.
const GROWABLE = new Set(['varchar', 'numeric', 'varbit', 'timestamp', 'timestamptz', 'time', 'interval']);
const STRINGS = new Set(['text', 'varchar', 'citext']);

export interface TypeChange {
  rewrite: boolean;
  note?: string;
}

/**
 * Whether changing a column from `from` (undefined: unknown offline) to `to` rewrites the table.
 * A USING clause other than a plain reference to the column (or a cast of it to the new type) is
 * assumed to rewrite.
 */
export function typeChange(from: TypeFacts | undefined, to: TypeFacts, plainUsing: boolean): TypeChange {
  if (!plainUsing) return { rewrite: true, note: 'USING expression: the table is rewritten' };
  if (!from) return { rewrite: true, note: `previous type unknown offline: assuming ${formatType(to)} needs a rewrite (varchar(n)→varchar(m>n)/text and similar widenings do not)` };
  if (from.array !== to.array) return { rewrite: true };
  if (from.name === to.name && sameMods(from.mods, to.mods)) return { rewrite: false, note: 'type unchanged' };
  if (from.name === to.name && GROWABLE.has(from.name)) {
    return widens(from, to) ? { rewrite: false, note: `${formatType(from)} → ${formatType(to)} needs no rewrite` } : { rewrite: true };
  }
  // varchar(n) → text / unconstrained varchar, text ↔ citext: binary-coercible, no length check.
  if (STRINGS.has(from.name) && STRINGS.has(to.name) && to.mods.length === 0) {
    const indexNote = from.name === 'citext' || to.name === 'citext' ? '; indexes on the column are rebuilt (different operator class)' : '';
    return { rewrite: false, note: `${formatType(from)} → ${formatType(to)} is binary-coercible${indexNote}` };
  }
  if (from.name === 'cidr' && to.name === 'inet') return { rewrite: false, note: 'cidr → inet is binary-coercible' };
  if (from.name === 'timestamp' && to.name === 'timestamptz') {
    return { rewrite: true, note: 'timestamp → timestamptz rewrites unless the session TimeZone is UTC (PostgreSQL 12+)' };
  }
  return { rewrite: true };
}

function sameMods(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** New modifier removes the limit or raises it; numeric must keep its scale. */
function widens(from: TypeFacts, to: TypeFacts): boolean {
  if (to.mods.length === 0) return true;
  if (from.mods.length === 0) return false;
  if (from.name === 'numeric') {
    const [p1, s1 = 0] = from.mods;
    const [p2, s2 = 0] = to.mods;
    return s1 === s2 && p2! >= p1!;
  }
  return to.mods[0]! >= from.mods[0]!;
}
