// An UPDATE over a whole table inside a migration row-locks every row it touches until the
// migration's transaction commits, so the colours' writes to those rows wait; it also bloats the
// table and WAL in one go. "Whole table" means no WHERE, or a WHERE made only of IS [NOT] NULL /
// IS [NOT] TRUE tests and constants (the typical `WHERE c IS NULL` backfill). Spec §6.1 allows such a
// backfill in a migration, so this is a warning pointing at the batched tool. New tables are exempt.
import type { AstNode } from '../../sql/index.js';
import type { Rule } from '../types.js';
import { eachStatement, isNewTable, relationName } from './ast.js';

export const unbatchedBackfill: Rule = {
  id: 'unbatched-backfill',
  description: 'An UPDATE over a whole table in a migration locks every row it changes until the migration commits, stalling the colours\' writes.',
  help: 'Backfill with `safe-migrate backfill <table> --set "…" --where "…"`, which updates in small primary-key batches, each in its own short transaction.',
  defaultSeverity: 'warning',
  check(context) {
    return eachStatement(context, (s, index) => {
      const { kind, node } = s.statement;
      if (kind !== 'UpdateStmt' || !coversWholeTable(node.whereClause)) return;
      const table = relationName(node.relation, context.defaultSchema);
      if (isNewTable(context, table, index)) return;
      const how = node.whereClause ? 'with a WHERE that does not narrow it to a batch' : 'without WHERE';
      return { statementIndex: index, message: `UPDATE of ${table} ${how} locks every row it changes until the migration commits, stalling the colours' writes.` };
    });
  },
};

function coversWholeTable(where: AstNode | undefined): boolean {
  if (!where) return true;
  if (where.NullTest || where.BooleanTest || where.A_Const) return true;
  if (where.BoolExpr) return (where.BoolExpr.args ?? []).every(coversWholeTable);
  return false;
}
