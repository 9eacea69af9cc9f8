// Spec §6.1: a column added in this release is written only by the new code. Until both colours
// write it (dual-written), the colour running the old code keeps inserting rows with NULL, so a
// backfill now is undone by the next insert and a later NOT NULL fails. New tables are exempt:
// no colour writes them at all yet.
import type { Rule } from '../types.js';
import { eachStatement, isNewTable, relationName } from './ast.js';

export const backfillTooEarly: Rule = {
  id: 'backfill-too-early',
  description: 'Backfilling a column added in the same release races the colour that does not write it yet, which keeps inserting NULLs.',
  help: 'Backfill in a later release, once both colours write the column (`safe-migrate rollout status` shows dual-written), ideally with `safe-migrate backfill`.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const { kind, node } = s.statement;
      if (kind !== 'UpdateStmt') return;
      const table = relationName(node.relation, context.defaultSchema);
      if (isNewTable(context, table, index)) return;
      const columns = (node.targetList ?? [])
        .map((t: { ResTarget?: { name?: string } }) => `${table}.${t.ResTarget?.name}`)
        .filter((column: string) => context.columnAddedBefore(column, index));
      if (columns.length === 0) return;
      return { statementIndex: index, message: `Backfilling ${columns.join(', ')}, added in this release, races the colour that does not write it yet.` };
    });
  },
};
