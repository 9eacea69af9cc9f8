// One section that both expands a table (adds a column) and contracts it (drops, renames or
// retypes a column, or drops/renames the table) squeezes a multi-release rollout into one step:
// typically "add new, copy, drop old", a rename without the dual-write period in between, so the
// colour running the old code breaks and a rollback loses the copy. New tables and columns are exempt.
import type { LintStatement, Rule, RuleContext } from '../types.js';
import { alterCommands, columnDefinitions, eachStatement, isNewTable, objectName, relationName, type ColumnDefinition } from './ast.js';

export const expandAndContractTogether: Rule = {
  id: 'expand-and-contract-together',
  description: 'One migration both adds to a table and removes, renames or retypes something on it, skipping the release in which both colours work with both shapes.',
  help: 'Ship the expand (add) in one release and the contract (drop, rename, type change) in a later one, after both colours use the new shape.',
  defaultSeverity: 'warning',
  check(context) {
    // Built on the first contraction: most sections contract nothing.
    let adds: ColumnDefinition[][] | undefined;
    const expansions = () => (adds ??= context.statements.map((s) => columnDefinitions(s, context.defaultSchema).filter((d) => d.how === 'add-column')));
    return eachStatement(context, (s, index) => {
      const contracted = contractions(s, context);
      if (contracted.length === 0) return;
      return contracted
        .filter((c) => !isNewTable(context, c.table, index) && !(c.column && context.columnAddedBefore(`${c.table}.${c.column}`, index)))
        .flatMap((c) => {
          const expands = expansions();
          const at = expands.findIndex((added) => added.some((d) => d.table === c.table));
          if (at < 0) return [];
          const added = expands[at]!.find((d) => d.table === c.table)!;
          const line = context.statements[at]!.statement.line;
          return [{ statementIndex: index, message: `This migration adds ${added.table}.${added.column} (line ${line}) and also ${c.what}; expand and contract belong in different releases.` }];
        })
        .slice(0, 1);
    });
  },
};

interface Contraction {
  table: string;
  column?: string;
  what: string;
}

function contractions(s: LintStatement, context: RuleContext): Contraction[] {
  const { kind, node } = s.statement;
  const ds = context.defaultSchema;
  if (kind === 'DropStmt' && node.removeType === 'OBJECT_TABLE') {
    return (node.objects ?? []).map((o: object) => {
      const table = objectName(o, 'OBJECT_TABLE', ds);
      return { table, what: `drops ${table}` };
    });
  }
  if (kind === 'RenameStmt' && (node.renameType === 'OBJECT_TABLE' || node.renameType === 'OBJECT_COLUMN')) {
    const table = relationName(node.relation, ds);
    return node.renameType === 'OBJECT_TABLE'
      ? [{ table, what: `renames ${table}` }]
      : [{ table, column: node.subname, what: `renames ${table}.${node.subname}` }];
  }
  if (kind === 'AlterObjectSchemaStmt' && node.objectType === 'OBJECT_TABLE') {
    const table = relationName(node.relation, ds);
    return [{ table, what: `moves ${table} to schema ${node.newschema}` }];
  }
  const commands = alterCommands(s);
  if (commands.length === 0) return [];
  const table = relationName(node.relation, ds);
  return commands.flatMap((cmd): Contraction[] => {
    if (cmd.subtype === 'AT_DropColumn') return [{ table, column: cmd.name, what: `drops ${table}.${cmd.name}` }];
    if (cmd.subtype === 'AT_AlterColumnType') return [{ table, column: cmd.name, what: `changes the type of ${table}.${cmd.name}` }];
    return [];
  });
}
