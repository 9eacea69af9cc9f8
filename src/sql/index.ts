export { loadParser, plpgsqlStatements, type AstNode } from './parser.js';
export { parseSql, locator, type SqlStatement, type ParsedSql, type SqlSyntaxError } from './statements.js';
export type { Directive, IgnoreDirective, DeprecateDirective, NoTransactionDirective } from './directives.js';
export { needsOwnStep } from './transactional.js';
export { rowWrites, cteWrites, type RowWrite, type WriteKind } from './writes.js';
export { walk } from './walk.js';
