// Parses one section of a migration (SQL text, or the SQL a knex module issued) exactly once,
// into statements with file locations plus the directives the engine needs.
import type { Section } from '../files/types.js';
import { parseSql, type IgnoreDirective, type SqlStatement, type SqlSyntaxError } from '../sql/index.js';

export interface ParsedSection {
  file: string;
  section: 'up' | 'down';
  statements: SqlStatement[];
  /** Every `safe-migrate-ignore` (next statement) comment, including any that precede no statement. */
  ignores: IgnoreDirective[];
  /** `safe-migrate-ignore-file` comments. */
  fileIgnores: IgnoreDirective[];
  inTransaction: boolean;
  errors: SqlSyntaxError[];
  /** Statements come from a knex module: locations are the module's line 1. */
  captured: boolean;
  /** The SQL text and the file line it starts on (SQL sections only), for source excerpts. */
  source?: { text: string; firstLine: number };
}

/** Parses a section; the parser must already be loaded (`loadParser`). */
export function parseSection(section: Section, name: 'up' | 'down'): ParsedSection {
  const parsed: ParsedSection = {
    file: section.file,
    section: name,
    statements: [],
    ignores: [],
    fileIgnores: [],
    inTransaction: !section.noTransaction,
    errors: [],
    captured: section.type === 'knex',
  };
  if (section.type === 'sql') parsed.source = { text: section.text, firstLine: section.firstLine };
  const texts = section.type === 'sql' ? [{ text: section.text, firstLine: section.firstLine }] : section.captured.map((text) => ({ text, firstLine: 1 }));
  for (const { text, firstLine } of texts) addText(parsed, text, firstLine);
  if (parsed.captured) pinToModuleStart(parsed);
  return parsed;
}

function addText(parsed: ParsedSection, text: string, firstLine: number): void {
  const result = parseSql(text, { firstLine });
  for (const directive of result.directives) {
    if (directive.type === 'ignore') parsed.ignores.push(directive);
    else if (directive.type === 'ignore-file') parsed.fileIgnores.push(directive);
    else if (directive.type === 'no-transaction') parsed.inTransaction = false;
  }
  if (result.error) {
    const error = parsed.captured ? { ...result.error, message: `${result.error.message} in SQL issued by ${parsed.section}(): ${excerpt(text)}` } : result.error;
    parsed.errors.push(error);
  }
  parsed.statements.push(...result.statements);
}

// Captured SQL has no place in the module's source, so every location is the module's line 1
// (the statement's own text is still shown in code frames).
function pinToModuleStart(parsed: ParsedSection): void {
  parsed.statements = parsed.statements.map((s) => ({ ...s, line: 1, column: 1, endLine: 1 }));
  for (const directive of [...parsed.ignores, ...parsed.fileIgnores]) Object.assign(directive, { line: 1, column: 1 });
  parsed.errors = parsed.errors.map((e) => ({ ...e, line: 1, column: 1 }));
}

function excerpt(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
