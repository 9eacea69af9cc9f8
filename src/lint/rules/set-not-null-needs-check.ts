// SET NOT NULL scans the whole table under ACCESS EXCLUSIVE, unless (PostgreSQL 12+) a validated
// CHECK (c IS NOT NULL) constraint already proves it. The lock-safe sequence is: ADD CONSTRAINT …
// CHECK (c IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT (later migration); SET NOT NULL; DROP CONSTRAINT.
// Accepted as proof, earlier in the section: a validated NOT NULL check on the column, or a VALIDATE
// CONSTRAINT on the table of a constraint defined elsewhere (an earlier migration). New tables are exempt.
import type { AstNode } from '../../sql/index.js';
import type { Rule, RuleContext } from '../types.js';
import { addedConstraints, alterCommandsOf, eachStatement, isNewTable, relationName, strings } from './ast.js';

export const setNotNullNeedsCheck: Rule = {
  id: 'set-not-null-needs-check',
  description: 'SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, blocking all reads and writes, unless a validated CHECK constraint already proves the column has no NULLs.',
  help: 'Add CHECK (column IS NOT NULL) NOT VALID, validate it in a later migration, then SET NOT NULL (no scan) and drop the check.',
  defaultSeverity: 'error',
  check(context) {
    return eachStatement(context, (s, index) => {
      const setNotNull = alterCommandsOf(s, 'AT_SetNotNull');
      if (setNotNull.length === 0) return;
      const table = relationName(s.statement.node.relation, context.defaultSchema);
      if (isNewTable(context, table, index)) return;
      const columns = setNotNull.map((cmd) => cmd.name as string).filter((column) => !provenNotNull(context, index, table, column));
      if (columns.length === 0) return;
      return { statementIndex: index, message: `SET NOT NULL on ${columns.map((c) => `${table}.${c}`).join(', ')} scans the whole table under an ACCESS EXCLUSIVE lock; no validated CHECK (… IS NOT NULL) precedes it.` };
    });
  },
};

/** A validated constraint proving `column` NOT NULL exists before statement `index`. */
function provenNotNull(context: RuleContext, index: number, table: string, column: string): boolean {
  const defined = new Map<string, { proves: boolean; valid: boolean }>();
  for (const s of context.statements.slice(0, index)) {
    for (const added of addedConstraints(s, context.defaultSchema)) {
      if (added.table !== table || added.how === 'add-column') continue;
      const proves = provesNotNull(added.constraint, column);
      if (proves && !added.constraint.skip_validation) return true;
      if (added.constraint.conname) defined.set(added.constraint.conname, { proves, valid: false });
    }
    if (relationName(s.statement.node.relation, context.defaultSchema) !== table) continue;
    for (const cmd of alterCommandsOf(s, 'AT_ValidateConstraint')) {
      const known = defined.get(cmd.name);
      // A constraint added by an earlier migration cannot be seen: trust that it is the NOT NULL check.
      if (!known || known.proves) return true;
    }
  }
  return false;
}

function provesNotNull(constraint: AstNode, column: string): boolean {
  if (constraint.contype === 'CONSTR_NOTNULL') return strings(constraint.keys).includes(column);
  if (constraint.contype !== 'CONSTR_CHECK') return false;
  const expr = constraint.raw_expr;
  const conjuncts: AstNode[] = expr?.BoolExpr?.boolop === 'AND_EXPR' ? expr.BoolExpr.args : [expr];
  return conjuncts.some((c) => {
    const test = c?.NullTest;
    const fields = strings(test?.arg?.ColumnRef?.fields);
    return test?.nulltesttype === 'IS_NOT_NULL' && fields[fields.length - 1] === column;
  });
}
