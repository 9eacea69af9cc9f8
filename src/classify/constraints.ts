// Constraints: every new CHECK / UNIQUE / PRIMARY KEY / FOREIGN KEY / EXCLUDE / NOT NULL is a new
// write restriction (spec §0): a deployed colour's writes may violate it, NOT VALID or not (NOT
// VALID only skips checking the rows already there). So adding one is destructive and breaks the
// constrained columns; dropping one is destructive too (ON CONFLICT needs the unique index, old
// code may rely on a cascade), and breaks the constraint itself.
import { walk, type AstNode } from '../sql/index.js';
import { columnsIn } from './expressions.js';
import type { TableLock } from './locks.js';
import { baseName, defaultObjectName, member, schemaOf, strings } from './names.js';
import type { Outcome, HandlerContext } from './outcome.js';

const LABELS: Record<string, string> = {
  CONSTR_CHECK: 'check', CONSTR_FOREIGN: 'fkey', CONSTR_UNIQUE: 'key', CONSTR_PRIMARY: 'pkey',
  CONSTR_EXCLUSION: 'excl', CONSTR_NOTNULL: 'not_null',
};
const WORDS: Record<string, string> = {
  CONSTR_CHECK: 'CHECK', CONSTR_FOREIGN: 'FOREIGN KEY', CONSTR_UNIQUE: 'UNIQUE', CONSTR_PRIMARY: 'PRIMARY KEY',
  CONSTR_EXCLUSION: 'EXCLUDE', CONSTR_NOTNULL: 'NOT NULL',
};

/** Constraint types that restrict writes; DEFAULT, NULL, GENERATED and the like do not. */
export function isRestriction(con: AstNode): boolean {
  return con.contype in LABELS;
}

/** The columns a constraint restricts; `column` is the column it is declared on, for inline constraints. */
export function constraintColumns(con: AstNode, column?: string): string[] {
  if (column) return [column];
  switch (con.contype) {
    case 'CONSTR_CHECK':
      return columnsIn(con.raw_expr);
    case 'CONSTR_FOREIGN':
      return strings(con.fk_attrs);
    case 'CONSTR_EXCLUSION':
      return (con.exclusions ?? []).flatMap((pair: AstNode) => {
        const elem = pair.List?.items?.[0]?.IndexElem;
        return elem?.name ? [elem.name] : columnsIn(elem?.expr);
      });
    default:
      return strings(con.keys);
  }
}

/** The constraint's name, or the one PostgreSQL generates (`users_email_key`, `orders_user_id_fkey`). */
export function constraintName(table: string, con: AstNode, columns: string[]): string {
  if (con.conname) return con.conname;
  const label = LABELS[con.contype] ?? 'con';
  if (con.contype === 'CONSTR_PRIMARY') return defaultObjectName(baseName(table), undefined, label);
  if (con.contype === 'CONSTR_CHECK' || con.contype === 'CONSTR_NOTNULL') {
    return defaultObjectName(baseName(table), columns.length === 1 ? columns : undefined, label);
  }
  return defaultObjectName(baseName(table), columns, label);
}

/** Whether the constraint builds a unique index (and so what DROP INDEX of its name removes). */
export function isUniqueIndexConstraint(con: AstNode): boolean {
  return con.contype === 'CONSTR_UNIQUE' || con.contype === 'CONSTR_PRIMARY' || con.contype === 'CONSTR_EXCLUSION';
}

/**
 * A constraint added to an existing table (ALTER TABLE … ADD CONSTRAINT, or inline on ADD COLUMN
 * when `column` is given). For an inline constraint on a new column only the table scan and the
 * lock matter: no deployed colour writes that column yet.
 */
export function addConstraint(table: string, con: AstNode, ctx: HandlerContext, column?: string): Outcome {
  const columns = constraintColumns(con, column);
  const name = member(table, constraintName(table, con, columns));
  const objects: Outcome['objects'] = [{ type: 'constraint', name, action: 'create' }];
  const locks: TableLock[] = [{ table, level: con.contype === 'CONSTR_FOREIGN' ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE' }];
  const notes: string[] = [];
  if (con.contype === 'CONSTR_FOREIGN') {
    const referenced = ctx.names.relation(con.pktable);
    objects.push({ type: 'table', name: referenced, action: 'read' });
    locks.push({ table: referenced, level: 'SHARE ROW EXCLUSIVE' });
  }
  const indexBacked = isUniqueIndexConstraint(con);
  const notValid = con.skip_validation === true;
  // NOT ENFORCED (PostgreSQL 18, CHECK and FOREIGN KEY only): recorded, never checked.
  const notEnforced = (con.contype === 'CONSTR_CHECK' || con.contype === 'CONSTR_FOREIGN') && con.is_enforced !== true;
  const scan = notEnforced ? false : indexBacked ? !con.indexname : !notValid;
  if (indexBacked && !con.indexname) notes.push(`builds a unique index on ${table} while holding ACCESS EXCLUSIVE`);
  if (con.indexname) notes.push(`uses the existing index ${con.indexname}`);
  if (con.contype === 'CONSTR_PRIMARY' && con.indexname) notes.push('PRIMARY KEY USING INDEX also sets NOT NULL, scanning the table if a column allows NULL');
  if (notValid) notes.push('NOT VALID: existing rows are not checked now, new and updated rows are');
  // USING INDEX: the columns are the index's, when it was seen being created.
  const indexed = con.indexname ? ctx.context.indexes.get(`${schemaOf(table)}.${con.indexname}`)?.columns ?? [] : [];
  const restricted = columns.length > 0 ? columns : indexed;
  // NOT NULL and PRIMARY KEY reject NULL in every column; a CHECK only where it tests IS NOT NULL.
  const rejectsNull = new Set(con.contype === 'CONSTR_NOTNULL' || con.contype === 'CONSTR_PRIMARY' ? restricted : notNullTested(con.raw_expr));
  const breaks = restricted.length > 0 ? restricted.flatMap((c) => (rejectsNull.has(c) ? nullRejectionBreaks(table, member(table, c), ctx) : [member(table, c)])) : [table];
  // UNIQUE USING INDEX: the unique index already rejected duplicates; nothing new is enforced.
  if (con.contype === 'CONSTR_UNIQUE' && con.indexname) {
    return { effect: 'additive', objects, locks, scan, notes: [...notes, 'the unique index already enforced this restriction'] };
  }
  if (notEnforced || column) {
    if (notEnforced) notes.push('NOT ENFORCED: recorded but never checked');
    return { effect: 'additive', objects, locks, scan, notes };
  }
  notes.push(`new ${WORDS[con.contype] ?? 'constraint'} write restriction on ${breaks.join(', ')}: writes by deployed code that violate it fail`);
  return { effect: 'destructive', objects, locks, scan, breaks, notes };
}

/**
 * Who a restriction rejecting NULL in `column` hurts: deployed code writing NULL to it — or, for a
 * column no deployed code knows yet and without a default, every INSERT into the table (old code
 * omits the column, so it gets NULL).
 */
export function nullRejectionBreaks(table: string, column: string, ctx: HandlerContext): string[] {
  if (ctx.isNew(column) && !ctx.isNew(table) && ctx.hasDefault(column) !== true) return [table];
  return [column];
}

/** Columns an expression tests with `IS NOT NULL` (CHECK (c IS NOT NULL) rejects NULL like SET NOT NULL). */
function notNullTested(expr: unknown): string[] {
  const found: string[] = [];
  walk(expr, (key, value) => {
    const test = value as AstNode;
    if (key === 'NullTest' && test.nulltesttype === 'IS_NOT_NULL') found.push(...columnsIn(test.arg));
  });
  return found;
}

/** ALTER TABLE … DROP CONSTRAINT. */
export function dropConstraint(table: string, cmd: AstNode): Outcome {
  const name = member(table, cmd.name);
  const notes = ['dropping a constraint can break deployed code relying on it (ON CONFLICT needs a unique index; cascades stop)'];
  if (cmd.behavior === 'DROP_CASCADE') notes.push('CASCADE also drops dependent objects (e.g. foreign keys referencing it), not listed here');
  return { effect: 'destructive', objects: [{ type: 'constraint', name, action: 'drop' }], locks: [{ table, level: 'ACCESS EXCLUSIVE' }], breaks: [name], notes };
}

/** ALTER TABLE … VALIDATE CONSTRAINT: checks existing rows; new writes were already checked since the constraint was added. */
export function validateConstraint(table: string, cmd: AstNode): Outcome {
  return {
    effect: 'neutral',
    objects: [{ type: 'constraint', name: member(table, cmd.name), action: 'alter' }],
    locks: [{ table, level: 'SHARE UPDATE EXCLUSIVE' }],
    scan: true,
    notes: [`validates existing rows of ${table} under SHARE UPDATE EXCLUSIVE (reads and writes continue)`],
  };
}

/** ALTER TABLE … ALTER CONSTRAINT: deferrability, enforceability (PostgreSQL 18) or inheritance. */
export function alterConstraint(table: string, cmd: AstNode): Outcome {
  const alter = cmd.def?.ATAlterConstraint ?? {};
  const name = member(table, alter.conname);
  const base = { objects: [{ type: 'constraint' as const, name, action: 'alter' as const }], locks: [{ table, level: 'ACCESS EXCLUSIVE' as const }] };
  const tightens = (alter.alterEnforceability && alter.is_enforced === true) || (alter.alterDeferrability && !(alter.deferrable && alter.initdeferred));
  if (tightens) {
    const what = alter.alterEnforceability && alter.is_enforced ? 'ENFORCED checks writes again' : 'checks may now run at each statement instead of at commit';
    // ENFORCED on a foreign key also validates existing rows.
    return { ...base, effect: 'destructive', breaks: [name], scan: alter.alterEnforceability === true, notes: [`${what}: deployed code relying on the looser behaviour may fail`] };
  }
  return { ...base, effect: 'additive', notes: ['relaxes when the constraint is checked'] };
}
