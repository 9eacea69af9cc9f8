// Dropping what code calls or reads — views, functions, procedures, types, domains, sequences,
// triggers, schemas, extensions, policies, composite-type attributes — or a constraint that code
// relies on (an upsert's ON CONFLICT needs its unique constraint). Tables, columns and indexes have
// their own rules. Objects created earlier in the section, and anything on a new table, are exempt;
// so is a drop-and-recreate of the same name within one transaction (the usual way to change a
// view's columns or a function's signature): no colour ever sees the object missing.
import type { Rule, RuleContext } from '../types.js';
import { alterCommandsOf, createdEarlierInSection, createdObjects, eachStatement, isNewTable, objectKind, objectName, relationName, transactionGroups } from './ast.js';

const DROPPED_TYPES = new Set([
  'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE', 'OBJECT_AGGREGATE',
  'OBJECT_TYPE', 'OBJECT_DOMAIN', 'OBJECT_SEQUENCE', 'OBJECT_TRIGGER', 'OBJECT_SCHEMA', 'OBJECT_EXTENSION',
  'OBJECT_POLICY', 'OBJECT_RULE', 'OBJECT_FOREIGN_TABLE',
]);

export const dropObject: Rule = {
  id: 'drop-object',
  description: 'Dropping a view, function, type, sequence, trigger, schema or constraint breaks any live or idle colour that still relies on it.',
  help: 'Stop using the object in a release first, and drop it in a later release once no live or idle colour references it.',
  defaultSeverity: 'error',
  check(context) {
    const groups = transactionGroups(context);
    return eachStatement(context, (s, index) => {
      const dropped = droppedObjects(s, context).filter((o) => !isNew(o, context, index) && !recreatedLater(o, context, index, groups));
      if (dropped.length === 0) return;
      const list = dropped.map((o) => `${o.kind} ${o.name}`).join(', ');
      return { statementIndex: index, message: `Dropping ${list} breaks any live or idle colour that still relies on it.` };
    });
  },
};

interface Dropped {
  kind: string;
  name: string;
  table?: string;
}

function droppedObjects(s: RuleContext['statements'][number], context: RuleContext): Dropped[] {
  const { kind, node } = s.statement;
  const ds = context.defaultSchema;
  if (kind === 'DropStmt' && DROPPED_TYPES.has(node.removeType)) {
    const type: string = node.removeType;
    return (node.objects ?? []).map((object: object) => {
      const name = objectName(object, type, ds);
      const onTable = type === 'OBJECT_TRIGGER' || type === 'OBJECT_POLICY' || type === 'OBJECT_RULE';
      return { kind: objectKind(type), name, table: onTable ? name.slice(0, name.lastIndexOf('.')) : undefined };
    });
  }
  if (kind === 'AlterTableStmt' && node.objtype === 'OBJECT_TYPE') {
    const type = relationName(node.relation, ds);
    return (node.cmds ?? [])
      .filter((c: { AlterTableCmd?: { subtype: string } }) => c.AlterTableCmd?.subtype === 'AT_DropColumn')
      .map((c: { AlterTableCmd: { name: string } }) => ({ kind: 'attribute', name: `${type}.${c.AlterTableCmd.name}` }));
  }
  const drops = alterCommandsOf(s, 'AT_DropConstraint');
  if (drops.length === 0) return [];
  const table = relationName(node.relation, ds);
  return drops.map((cmd) => ({ kind: 'constraint', name: `${table}.${cmd.name}`, table }));
}

function recreatedLater(dropped: Dropped, context: RuleContext, index: number, groups: ReadonlyArray<number | undefined>): boolean {
  const key = `${dropped.kind}:${dropped.name}`;
  return groups[index] !== undefined && context.statements.some(
    (s, i) => i >= index && groups[i] === groups[index] && createdObjects(s, context.defaultSchema).includes(key),
  );
}

function isNew(dropped: Dropped, context: RuleContext, index: number): boolean {
  if (dropped.table && isNewTable(context, dropped.table, index)) return true;
  const key = `${dropped.kind}:${dropped.name}`;
  return context.objectCreatedBefore(key, index) || createdEarlierInSection(context, key, index);
}
