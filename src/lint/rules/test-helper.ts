// Test helper for rules: parses SQL the way the engine does, classifies it, builds the same
// cross-statement context (tables and columns created earlier are new) and runs one rule.
import { classifyInOrder, nextMigrationContext, type ClassifyContext } from '../../classify/index.js';
import { loadParser, parseSql } from '../../sql/index.js';
import { CreatedInSet, buildContext } from '../context.js';
import type { LintStatement, Rule, RuleContext, RuleFinding } from '../types.js';

export interface CheckOptions {
  /** Up sections of earlier files of the same set, in order: what they create counts as new. */
  earlier?: string[];
  section?: 'up' | 'down';
  /** Default true. */
  hasDown?: boolean;
  /** Default: true unless the SQL carries `-- safe-migrate:no-transaction`. */
  inTransaction?: boolean;
  /** Drop findings silenced by `-- safe-migrate-ignore` comments, as the engine does afterwards (default false). */
  applyIgnores?: boolean;
}

/** Runs `rule` over `sql` (one section) and returns its findings. */
export async function check(rule: Rule, sql: string, options: CheckOptions = {}): Promise<RuleFinding[]> {
  const context = await contextFor(sql, options);
  const findings = rule.check(context);
  if (!options.applyIgnores) return findings;
  const fileWide = parseSql(sql).directives.some((d) => d.type === 'ignore-file' && d.rules.includes(rule.id));
  const silenced = (index: number | undefined) =>
    index !== undefined && context.statements[index]!.statement.ignores.some((d) => d.rules.includes(rule.id));
  return fileWide ? [] : findings.filter((f) => !silenced(f.statementIndex));
}

/** The statement indexes `rule` flags in `sql`. */
export async function flagged(rule: Rule, sql: string, options: CheckOptions = {}): Promise<Array<number | undefined>> {
  return (await check(rule, sql, options)).map((f) => f.statementIndex);
}

export async function contextFor(sql: string, options: CheckOptions = {}): Promise<RuleContext> {
  await loadParser();
  const defaultSchema = 'public';
  const created = new CreatedInSet();
  // Like the engine: each file is classified with what the earlier ones taught (column types, indexes).
  let facts: ClassifyContext = { defaultSchema };
  for (const text of options.earlier ?? []) {
    const earlier = classifyInOrder(parse(text).statements, nextMigrationContext(facts));
    created.record(earlier.classifications);
    facts = earlier.context;
  }
  const parsed = parse(sql);
  const section = options.section ?? 'up';
  const { classifications } = classifyInOrder(parsed.statements, nextMigrationContext(facts));
  const statements: LintStatement[] = parsed.statements.map((statement, i) => ({ statement, classification: classifications[i]!, section }));
  const noTransaction = parsed.directives.some((d) => d.type === 'no-transaction');
  return buildContext(
    {
      file: 'test.sql',
      section,
      statements,
      hasDown: options.hasDown ?? true,
      inTransaction: options.inTransaction ?? !noTransaction,
      defaultSchema,
    },
    created,
  );
}

function parse(sql: string): ReturnType<typeof parseSql> {
  const parsed = parseSql(sql);
  if (parsed.error) throw new Error(`test SQL does not parse: ${parsed.error.message}`);
  return parsed;
}
