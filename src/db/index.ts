export { openDatabase, type Database } from './connect.js';
export type { Session, QueryResult } from './session.js';
export { describeUrl, redact } from './redact.js';
export { ensureInternalSchema, readLayoutVersion, LAYOUT_VERSION } from './internal-schema.js';
export { inlineParams, quoteIdent, quoteLiteral } from './quote.js';
export { inTransaction } from './transaction.js';
export { assertOwnBackend } from './pooler.js';
