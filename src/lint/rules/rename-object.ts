// Renames other than tables and columns (views, functions, types, sequences, schemas, indexes,
// constraints, triggers, enum values) and SET SCHEMA: the old name disappears in one step, so the
// colour running the old code fails on its next reference. Objects created earlier in the section are exempt.
import type { LintStatement, Rule, RuleContext } from '../types.js';
import { createdEarlierInSection, eachStatement, isNewTable, listName, objectKind, objectName, relationName, strings } from './ast.js';

export const renameObject: Rule = {
  id: 'rename-object',
  description: 'Renaming an object or moving it to another schema breaks any live or idle colour that still uses the old name.',
  help: 'Create the object under its new name next to the old one (or a forwarding view/function), move the code over, and drop the old name in a later release.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const renamed = renamedObject(s, context);
      if (!renamed || isNew(renamed, context, index)) return;
      const what = renamed.newSchema ? `Moving ${renamed.kind} ${renamed.name} to schema ${renamed.newSchema}` : `Renaming ${renamed.kind} ${renamed.name}`;
      return { statementIndex: index, message: `${what} breaks any live or idle colour that still uses the old name.` };
    });
  },
};

interface Renamed {
  /** `view`, `function`, `constraint`… (the `createdObjects` key prefix). */
  kind: string;
  name: string;
  /** For SET SCHEMA. */
  newSchema?: string;
  /** The table the object belongs to (constraint, trigger, index rename, SET SCHEMA of a table). */
  table?: string;
}

function renamedObject(s: LintStatement, context: RuleContext): Renamed | undefined {
  const { kind, node } = s.statement;
  const ds = context.defaultSchema;
  if (kind === 'RenameStmt') {
    const type: string = node.renameType;
    if (type === 'OBJECT_TABLE' || type === 'OBJECT_COLUMN') return undefined; // rename-table, rename-column
    const kind = objectKind(type).replace('tabconstraint', 'constraint');
    if (node.relation) {
      const relation = relationName(node.relation, ds);
      return { kind, name: node.subname !== undefined ? `${relation}.${node.subname}` : relation, table: relation };
    }
    return { kind, name: type === 'OBJECT_SCHEMA' ? node.subname : objectName(node.object, type, ds) };
  }
  if (kind === 'AlterObjectSchemaStmt') {
    const type: string = node.objectType;
    const name = node.relation ? relationName(node.relation, ds) : objectName(node.object, type, ds);
    return { kind: objectKind(type), name, newSchema: node.newschema, table: type === 'OBJECT_TABLE' ? name : undefined };
  }
  if (kind === 'AlterEnumStmt' && node.oldVal !== undefined) {
    return { kind: 'enum value', name: `'${node.oldVal}' of ${listName(strings(node.typeName), ds)}` };
  }
  return undefined;
}

function isNew(renamed: Renamed, context: RuleContext, index: number): boolean {
  if (renamed.table && isNewTable(context, renamed.table, index)) return true;
  return createdEarlierInSection(context, `${renamed.kind}:${renamed.name}`, index);
}
