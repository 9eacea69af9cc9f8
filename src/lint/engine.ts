// The lint engine (spec §8): parse each section once, classify it, run every enabled rule with
// cross-file context, then apply ignore comments as a filter. Pure apart from the parser.
import { classifyInOrderInPlace, classifyInOrderReverting } from '../classify/classify.js';
import { nextMigrationContext, type ClassifyContext } from '../classify/index.js';
import type { Classification } from '../classify/types.js';
import type { InputProblem, Migration, Section } from '../files/types.js';
import { loadParser, type SqlStatement } from '../sql/index.js';
import { CreatedInSet, buildContext } from './context.js';
import { createdObjects } from './rules/ast.js';
import { ruleDocsPath } from './docs-link.js';
import { applyIgnores } from './ignores.js';
import { SYNTAX_ERROR, type LintOptions, type LintReport, type ReportedFinding } from './report.js';
import { resolveRules, ruleInfo, type RuleTable } from './rule-config.js';
import { rules as builtinRules } from './rules/index.js';
import { FileStates, type FileState } from './file-state.js';
import { parseSection, type ParsedSection } from './sections.js';
import type { LintStatement, Rule, RuleContext, RuleFinding } from './types.js';

export interface LintInput {
  /** In apply order; earlier migrations give context to later ones (a table created earlier is new). */
  migrations: readonly Migration[];
  /** Files that could not be read; each becomes a `syntax-error` finding. */
  problems: readonly InputProblem[];
}

interface Run {
  table: RuleTable;
  defaultSchema: string;
  files: FileStates;
  created: CreatedInSet;
  /** What the classifier learnt from earlier files (column types, NOT NULL, unique indexes). */
  facts: ClassifyContext;
}

/**
 * Lints migrations offline and returns every statement's classification and every finding.
 * Throws only for bad options (an unknown rule id in `options.rules` is a usage error).
 *
 * @example
 * const { migrations, problems } = await readMigrations('migrations');
 * const report = await lint({ migrations, problems }, { rules: { 'prefer-text': 'off' } });
 * if (report.summary.errors > 0) console.log(formatText(report, { color: false }));
 */
export async function lint(input: LintInput, options: LintOptions = {}): Promise<LintReport> {
  const table = resolveRules(options.registry ?? builtinRules, options.rules);
  await loadParser();
  const defaultSchema = options.defaultSchema ?? 'public';
  const run: Run = { table, defaultSchema, files: new FileStates(), created: new CreatedInSet(), facts: { defaultSchema } };
  for (const migration of input.migrations) lintMigration(migration, run, options.pendingSet ?? true);
  for (const problem of input.problems) run.files.get(problem.file).findings.push(problemFinding(problem, table));
  return finish(run);
}

function lintMigration(migration: Migration, run: Run, pendingSet: boolean): void {
  if (!pendingSet) run.created = new CreatedInSet();
  const up = lintSection(migration, migration.up, 'up', run.facts, run);
  // Recorded before the down: dropping in the down what the up created is the expected inverse,
  // not a contract step (the gate still checks colours when a down really runs).
  run.created.record(up.classifications);
  run.created.recordObjects(up.statements.flatMap((s) => createdObjects(s, run.defaultSchema)));
  // A down runs after its up, so it is classified with what the up taught; the next file too.
  if (migration.down) lintSection(migration, migration.down, 'down', up.facts, run);
  run.facts = up.facts;
}

/**
 * Classifies a section without copying the classifier's facts: an up learns into the facts it
 * starts from (after it, only its own facts are needed: by its down and the next migration); a down
 * learns into its up's facts and reverts that, since the next migration starts from them too.
 */
function classifySection(statements: readonly SqlStatement[], name: 'up' | 'down', facts: ClassifyContext): { classifications: Classification[]; context: ClassifyContext } {
  const start = nextMigrationContext(facts);
  if (name === 'up') return classifyInOrderInPlace(statements, start);
  return { classifications: classifyInOrderReverting(statements, start), context: facts };
}

/** Lints one section; returns its classifications and the classifier's facts after it. */
function lintSection(migration: Migration, section: Section, name: 'up' | 'down', facts: ClassifyContext, run: Run) {
  const parsed = parseSection(section, name);
  const state = run.files.get(parsed.file);
  const classified = classifySection(parsed.statements, name, facts);
  const classifications: Classification[] = classified.classifications;
  const statements: LintStatement[] = parsed.statements.map((statement, i) => ({ statement, classification: classifications[i]!, section: name }));
  const offset = state.addStatements(parsed, statements);
  for (const error of parsed.errors) {
    state.findings.push(finding(run.table, SYNTAX_ERROR, state.path, error, { message: error.message }));
  }
  const context = buildContext(
    { file: parsed.file, section: name, statements, hasDown: migration.down !== undefined, inTransaction: parsed.inTransaction, defaultSchema: run.defaultSchema },
    run.created,
  );
  // Indexed loops: this runs ~45 × 700 times on a large corpus, mostly before V8 optimises it, and
  // for…of then allocates an iterator result per step (B4).
  const active = run.table.active;
  for (let r = 0; r < active.length; r++) {
    const { rule, severity } = active[r]!;
    const results = checkRule(rule, context);
    for (let f = 0; f < results.length; f++) {
      const result = results[f]!;
      const index = result.statementIndex;
      const at = index === undefined ? { line: 1, column: 1 } : statementAt(parsed, index, rule.id);
      const reported = finding(run.table, rule.id, state.path, at, result, severity);
      if (index !== undefined) reported.statement = offset + index;
      state.findings.push(reported);
    }
  }
  return { classifications, statements, facts: classified.context };
}

function checkRule(rule: Rule, context: RuleContext): RuleFinding[] {
  try {
    return rule.check(context);
  } catch (error) {
    // A rule that throws is a bug; name it and the file so it can be reproduced.
    throw new Error(`lint rule ${rule.id} failed on ${context.file} (${context.section}): ${(error as Error).message}`, { cause: error });
  }
}

function statementAt(parsed: ParsedSection, index: number, ruleId: string): { line: number; column: number } {
  const statement = parsed.statements[index];
  if (!statement) throw new Error(`lint rule ${ruleId} reported statement ${index} of ${parsed.file}, which has ${parsed.statements.length}`);
  return statement;
}

function finding(
  table: RuleTable,
  ruleId: string,
  file: string,
  at: { line: number; column: number },
  text: { message?: string; help?: string },
  severity = table.byId.get(ruleId)?.severity ?? 'error',
): ReportedFinding {
  const rule = table.byId.get(ruleId)?.rule;
  return {
    rule: ruleId,
    severity,
    file,
    line: at.line,
    column: at.column,
    message: text.message ?? rule?.description ?? ruleId,
    help: text.help ?? rule?.help ?? '',
    docs: ruleDocsPath(ruleId),
  };
}

function problemFinding(problem: InputProblem, table: RuleTable): ReportedFinding {
  const at = { line: problem.line ?? 1, column: problem.column ?? 1 };
  return finding(table, SYNTAX_ERROR, problem.file, at, { message: problem.message, help: problem.hint });
}

function finish(run: Run): LintReport {
  const files = run.files.all().map((state: FileState) => {
    const findings = applyIgnores(state.findings, state.ignores(), run.table);
    findings.sort((a, b) => a.line - b.line || a.column - b.column || (a.statement ?? -1) - (b.statement ?? -1));
    for (const f of findings) if (f.statement === undefined) f.source ??= state.sourceLine(f.line);
    return { path: state.path, statements: state.statements, findings };
  });
  const summary = { files: files.length, statements: 0, errors: 0, warnings: 0 };
  for (const file of files) {
    summary.statements += file.statements.length;
    for (const f of file.findings) summary[f.severity === 'error' ? 'errors' : 'warnings']++;
  }
  return { files, summary, rules: ruleInfo(run.table) };
}
