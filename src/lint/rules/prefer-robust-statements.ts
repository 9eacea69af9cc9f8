// A section marked `-- safe-migrate:no-transaction` runs statement by statement: if statement 3
// fails, statements 1 and 2 stay applied, and re-running the migration fails on them unless they are
// idempotent. Transactional sections roll back as a whole, and the runner verifies the own steps of
// CONCURRENTLY statements against the catalog after a crash (spec §7.3), so only no-transaction
// sections are checked.
import type { LintStatement, Rule } from '../types.js';
import { alterCommands, eachStatement } from './ast.js';

export const preferRobustStatements: Rule = {
  id: 'prefer-robust-statements',
  description: 'In a section that runs without a transaction, a statement without IF [NOT] EXISTS fails when the migration is re-run after a partial failure.',
  help: 'Use CREATE … IF NOT EXISTS, DROP … IF EXISTS, ADD COLUMN IF NOT EXISTS, CREATE OR REPLACE, so a re-run skips what already happened.',
  defaultSeverity: 'warning',
  check(context) {
    if (context.inTransaction) return [];
    return eachStatement(context, (s, index) => {
      const missing = fragile(s);
      return missing ? { statementIndex: index, message: `${missing} fails when the migration is re-run after a partial failure of this no-transaction section.` } : undefined;
    });
  },
};

/** What in the statement is not idempotent, or undefined. */
function fragile(s: LintStatement): string | undefined {
  const { kind, node } = s.statement;
  switch (kind) {
    case 'CreateStmt':
    case 'CreateSeqStmt':
    case 'CreateSchemaStmt':
    case 'CreateExtensionStmt':
      return node.if_not_exists ? undefined : `${kind.replace(/Stmt$/, '')} without IF NOT EXISTS`;
    case 'IndexStmt':
      if (!node.idxname) return 'CREATE INDEX without a name (so it cannot use IF NOT EXISTS)';
      return node.if_not_exists ? undefined : 'CREATE INDEX without IF NOT EXISTS';
    case 'CreateTableAsStmt':
      return node.if_not_exists ? undefined : 'CREATE TABLE AS without IF NOT EXISTS';
    case 'ViewStmt':
    case 'CreateFunctionStmt':
      return node.replace ? undefined : `CREATE ${kind === 'ViewStmt' ? 'VIEW' : 'FUNCTION'} without OR REPLACE`;
    case 'DropStmt':
      return node.missing_ok ? undefined : 'DROP without IF EXISTS';
  }
  const cmd = alterCommands(s).find((c) => ['AT_AddColumn', 'AT_DropColumn', 'AT_DropConstraint'].includes(c.subtype) && !c.missing_ok);
  if (!cmd) return undefined;
  return cmd.subtype === 'AT_AddColumn' ? 'ADD COLUMN without IF NOT EXISTS' : `${cmd.subtype === 'AT_DropColumn' ? 'DROP COLUMN' : 'DROP CONSTRAINT'} without IF EXISTS`;
}
