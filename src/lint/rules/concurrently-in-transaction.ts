// safe-migrate already runs CONCURRENTLY (and other non-transactional) statements as their own
// autocommit steps (spec §7.3), so the only way to put one inside a transaction is an explicit
// BEGIN … COMMIT written in the file. PostgreSQL then refuses it and the step fails.
import type { Rule } from '../types.js';
import { eachStatement, insideExplicitTransaction } from './ast.js';

export const concurrentlyInTransaction: Rule = {
  id: 'concurrently-in-transaction',
  description: 'A CONCURRENTLY statement inside an explicit BEGIN … COMMIT block fails, because PostgreSQL cannot run it in a transaction.',
  help: 'Remove the BEGIN/COMMIT around it; safe-migrate runs such statements as their own steps outside the transaction.',
  defaultSeverity: 'error',
  check(context) {
    const inside = insideExplicitTransaction(context);
    return eachStatement(context, (s, index) => {
      if (!inside[index] || s.statement.transactional) return;
      const concurrently = /\bconcurrently\b/i.test(s.statement.sql);
      const message = concurrently
        ? undefined
        : `${s.statement.kind} inside an explicit BEGIN … COMMIT block fails, because PostgreSQL cannot run it in a transaction.`;
      return { statementIndex: index, ...(message ? { message } : {}) };
    });
  },
};
