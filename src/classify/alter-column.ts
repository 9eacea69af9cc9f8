// ALTER TABLE subcommands on one column. Effects follow the expand/contract rules of spec §4:
// adding a column old code can ignore is additive; anything that can fail or confuse a
// deployed colour's reads or writes of the column is destructive and breaks that column.
import type { AstNode } from '../sql/index.js';
import { readColumnDef } from './columns.js';
import { addConstraint, isRestriction, nullRejectionBreaks } from './constraints.js';
import { member, strings } from './names.js';
import type { HandlerContext, Outcome } from './outcome.js';
import { formatType, typeChange, typeFacts } from './type-change.js';

const AE = 'ACCESS EXCLUSIVE' as const;

/** ADD COLUMN: additive unless NOT NULL without a default (old code's INSERTs that omit it fail). */
export function addColumn(table: string, cmd: AstNode, ctx: HandlerContext): Outcome {
  const def = readColumnDef(cmd.def?.ColumnDef ?? {});
  const column = member(table, def.name);
  const objects: Outcome['objects'] = [{ type: 'column', name: column, action: 'create' }];
  const notes = [...def.notes];
  if (def.fillsRows) notes.push(`rewrites ${table} while holding ACCESS EXCLUSIVE`);
  // Inline constraints restrict only the new column, which no deployed code writes yet: they
  // cost a scan or an index build, not a broken colour. The referenced table of a FK is locked.
  const inline = def.constraints.filter(isRestriction).filter((c) => c.contype !== 'CONSTR_NOTNULL');
  const parts = inline.map((con) => addConstraint(table, con, ctx, def.name));
  const base: Outcome = { effect: 'additive', objects, locks: [{ table, level: AE }], rewrite: def.fillsRows, notes };
  if (def.notNull && !def.hasDefault) {
    base.effect = 'destructive';
    base.breaks = [table];
    notes.push(`NOT NULL without a default: INSERTs into ${table} by deployed code that omit ${def.name} fail (and the ADD fails if ${table} has rows)`);
  }
  return mergeInto(base, parts);
}

function mergeInto(base: Outcome, parts: Outcome[]): Outcome {
  for (const part of parts) {
    base.objects!.push(...(part.objects ?? []));
    base.locks!.push(...(part.locks ?? []));
    base.scan = base.scan || part.scan;
    base.notes!.push(...(part.notes ?? []));
  }
  return base;
}

export function dropColumn(table: string, cmd: AstNode): Outcome {
  const column = member(table, cmd.name);
  const notes = cmd.behavior === 'DROP_CASCADE' ? ['CASCADE also drops views, indexes and constraints using the column, not listed here'] : [];
  return { effect: 'destructive', objects: [{ type: 'column', name: column, action: 'drop' }], locks: [{ table, level: AE }], breaks: [column], notes };
}

/** ALTER COLUMN … TYPE: destructive (deployed code reads and writes the old type); rewrites unless a known-safe widening. */
export function alterColumnType(table: string, cmd: AstNode, ctx: HandlerContext): Outcome {
  const column = member(table, cmd.name);
  const def = cmd.def?.ColumnDef ?? {};
  const to = typeFacts(def.typeName);
  const change = typeChange(ctx.context.columns.get(column)?.type, to, plainUsing(def.raw_default, cmd.name, to.name));
  const notes = [`type of ${column} changes to ${formatType(to)}`];
  if (change.note) notes.push(change.note);
  if (change.rewrite) notes.push(`rewrites ${table} and rebuilds its indexes while holding ACCESS EXCLUSIVE`);
  return {
    effect: 'destructive',
    objects: [{ type: 'column', name: column, action: 'alter' }],
    locks: [{ table, level: AE }],
    rewrite: change.rewrite,
    breaks: [column],
    notes,
  };
}

/** USING absent, `USING col` or `USING col::newtype`: PostgreSQL sees the same expression as no USING. */
function plainUsing(using: AstNode | undefined, column: string, typeName: string): boolean {
  if (!using) return true;
  const ref = using.TypeCast ? using.TypeCast.arg : using;
  const fields = strings(ref?.ColumnRef?.fields);
  if (fields.length !== 1 || fields[0] !== column) return false;
  return !using.TypeCast || typeFacts(using.TypeCast.typeName).name === typeName;
}

/** SET DEFAULT (additive: changes only what omitted values become) or DROP DEFAULT. */
export function columnDefault(table: string, cmd: AstNode, ctx: HandlerContext): Outcome {
  const column = member(table, cmd.name);
  const base = { objects: [{ type: 'column' as const, name: column, action: 'alter' as const }], locks: [{ table, level: AE }] };
  if (cmd.def) return { ...base, effect: 'additive', notes: [`new default for ${column}: applies to rows inserted without it from now on`] };
  const facts = ctx.context.columns.get(column);
  if (facts?.notNull) {
    // Deployed code that omits the column fails: those are all its INSERTs if the column is new.
    const breaks = ctx.isNew(column) && !ctx.isNew(table) ? [table] : [column];
    return { ...base, effect: 'destructive', breaks, notes: [`${column} is NOT NULL: INSERTs by deployed code that omit it fail once the default is gone`] };
  }
  const why = facts ? `${column} allows NULL: omitted values become NULL` : `whether ${column} is NOT NULL is unknown offline (not declared in the migrations seen); if it is, INSERTs that omit it fail`;
  return { ...base, effect: 'neutral', notes: [`drops the default: ${why}`] };
}

/** SET NOT NULL: a new write restriction; scans the whole table under ACCESS EXCLUSIVE. */
export function setNotNull(table: string, cmd: AstNode, ctx: HandlerContext): Outcome {
  const column = member(table, cmd.name);
  const breaks = nullRejectionBreaks(table, column, ctx);
  return {
    effect: 'destructive',
    objects: [{ type: 'column', name: column, action: 'alter' }],
    locks: [{ table, level: AE }],
    scan: true,
    breaks,
    notes: [
      breaks[0] === table
        ? `${column} is new and has no default: INSERTs into ${table} by deployed code (which omit it) fail`
        : `new NOT NULL write restriction on ${column}: deployed code writing NULL fails`,
      `scans ${table} under ACCESS EXCLUSIVE unless a validated CHECK (${cmd.name} IS NOT NULL) exists`,
    ],
  };
}

/** DROP NOT NULL: relaxes a write restriction, so the colours keep working. */
export function dropNotNull(table: string, cmd: AstNode): Outcome {
  const column = member(table, cmd.name);
  return {
    effect: 'additive',
    objects: [{ type: 'column', name: column, action: 'alter' }],
    locks: [{ table, level: AE }],
    notes: [`${column} may now hold NULL: deployed code reading it must tolerate NULLs once newer code writes them`],
  };
}

/** ADD/SET/DROP IDENTITY, SET/DROP EXPRESSION: what old code may write or gets back changes. */
export function identityOrExpression(table: string, cmd: AstNode): Outcome {
  const column = member(table, cmd.name);
  const base = { objects: [{ type: 'column' as const, name: column, action: 'alter' as const }], locks: [{ table, level: AE }] };
  const always = (def: AstNode | undefined) =>
    ((def?.List?.items ?? []) as AstNode[]).some((d) => d.DefElem?.defname === 'generated' && d.DefElem?.arg?.Integer?.ival === 97 /* 'a' */);
  switch (cmd.subtype) {
    case 'AT_AddIdentity': {
      const generated = cmd.def?.Constraint?.generated_when;
      if (generated === 'a') return { ...base, effect: 'destructive', breaks: [column], notes: [`GENERATED ALWAYS: INSERTs by deployed code that set ${column} fail`] };
      return { ...base, effect: 'additive', notes: [`${column} gets generated values when omitted`] };
    }
    case 'AT_SetIdentity':
      if (always(cmd.def)) return { ...base, effect: 'destructive', breaks: [column], notes: [`GENERATED ALWAYS: INSERTs by deployed code that set ${column} fail`] };
      return { ...base, effect: 'neutral', notes: ['changes identity sequence options'] };
    case 'AT_DropIdentity':
      return { ...base, effect: 'destructive', breaks: [column], notes: [`${column} no longer generates values: INSERTs that omit it get NULL or fail`] };
    case 'AT_SetExpression':
      return { ...base, effect: 'destructive', rewrite: true, breaks: [column], notes: [`generated values of ${column} change; rewrites ${table}`] };
    default: // AT_DropExpression
      return { ...base, effect: 'destructive', breaks: [column], notes: [`${column} stops being computed: new rows get NULL unless code writes it`] };
  }
}
