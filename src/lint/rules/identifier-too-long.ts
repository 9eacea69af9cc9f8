// PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1) with only a NOTICE: the object
// gets a different name than the migration says, two long names can collide, and tools that
// compare names (ORMs, schema diffs, later migrations) drift. Checked where a name is defined:
// created objects, columns, constraints, indexes, triggers, policies, and rename targets.
// The parser has already truncated the names in the AST, so the statement's own tokens are read
// for the full spelling, and a long token counts when its truncation is a name the statement defines.
import type { AstNode } from '../../sql/index.js';
import { scanRaw } from '../../sql/parser.js';
import type { LintStatement, Rule } from '../types.js';
import { addedConstraints, byteLength, columnDefinitions, createdObjects, eachStatement, strings } from './ast.js';

const MAX_BYTES = 63;

export const identifierTooLong: Rule = {
  id: 'identifier-too-long',
  description: 'An identifier longer than 63 bytes is silently truncated by PostgreSQL, so the object gets a different name than the migration says.',
  help: 'Shorten the name to at most 63 bytes (ASCII characters count one byte; others two to four).',
  defaultSeverity: 'warning',
  check(context) {
    return eachStatement(context, (s, index) => {
      const names = definedNames(s, context.defaultSchema);
      // The parser cut every name to at most 63 bytes, at a character boundary (so possibly 60):
      // only statements defining a name that long need their tokens read (the costly part).
      if (!names.some(mayBeTruncated)) return;
      const defined = new Set(names);
      const long = [...new Set(identifierTokens(s.statement.sql))].filter((name) => byteLength(name) > MAX_BYTES && defined.has(truncate(name)));
      if (long.length === 0) return;
      return { statementIndex: index, message: `${long.map((n) => `"${n}" (${byteLength(n)} bytes)`).join(', ')} is longer than 63 bytes and will be truncated.` };
    });
  },
};

/** The bare identifiers a statement defines. */
function definedNames(s: LintStatement, defaultSchema: string): string[] {
  const { kind, node } = s.statement;
  const names: string[] = createdObjects(s, defaultSchema).map(lastPart);
  names.push(...columnDefinitions(s, defaultSchema).filter((d) => d.how !== 'alter-type').map((d) => d.column));
  names.push(...addedConstraints(s, defaultSchema).map((c) => c.constraint.conname).filter(Boolean));
  if (kind === 'RenameStmt') names.push(node.newname);
  if (kind === 'CreatePolicyStmt') names.push(node.policy_name);
  if (kind === 'CreateSchemaStmt') names.push(node.schemaname);
  if (kind === 'CreateEnumStmt') names.push(...strings(node.typeName as AstNode[]).slice(-1));
  return names.filter((n): n is string => typeof n === 'string');
}

/** Whether the parser may have cut `name` (at least 60 bytes); a UTF-16 unit is at most 3 bytes, so short names skip the byte count. */
function mayBeTruncated(name: string): boolean {
  return name.length * 3 >= MAX_BYTES - 3 && byteLength(name) >= MAX_BYTES - 3;
}

/** `view:public.some_name` → `some_name`. Names with dots inside quotes stay whole enough for a length check. */
function lastPart(key: string): string {
  const name = key.slice(key.indexOf(':') + 1);
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Identifiers as written (quoted ones unquoted, unquoted ones folded to lower case). */
function identifierTokens(sql: string): string[] {
  return scanRaw(sql).flatMap((token) => {
    if (token.comment) return [];
    if (token.text.startsWith('"')) return [token.text.slice(1, -1).replaceAll('""', '"')];
    return /^[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*$/.test(token.text) ? [token.text.replace(/[A-Z]/g, (c) => c.toLowerCase())] : [];
  });
}

/** What PostgreSQL keeps: at most 63 bytes, cut at a character boundary. */
function truncate(name: string): string {
  let kept = '';
  for (const char of name) {
    if (byteLength(kept + char) > MAX_BYTES) break;
    kept += char;
  }
  return kept;
}
