// Turns a migration section into steps (spec §7.3): consecutive transactional statements
// form one transaction; each statement PostgreSQL refuses in a transaction (CONCURRENTLY,
// VACUUM…) becomes an autocommit step of its own. Pure apart from the loaded parser.
import type { Classification } from '../classify/types.js';
import type { InputProblem, Migration, Section } from '../files/types.js';
import type { ColumnTouch } from '../rollouts/index.js';
import { parseSql, type SqlStatement } from '../sql/index.js';

export interface PlannedStatement {
  sql: string;
  kind: string;
  file: string;
  line: number;
  column: number;
  transactional: boolean;
  statement: SqlStatement;
  classification: Classification | undefined;
  /** What it does to columns, for the rollout ledger (filled in by planMigrations). */
  touches: ColumnTouch[];
}

export interface SqlStep {
  type: 'sql';
  transactional: boolean;
  statements: PlannedStatement[];
}

export interface KnexStep {
  type: 'knex';
  transactional: boolean;
  file: string;
  run: (knex: unknown) => unknown;
  /** The SQL captured offline, for classification and --dry-run. */
  statements: PlannedStatement[];
}

export type Step = SqlStep | KnexStep;

export interface PlannedMigration {
  migration: Migration;
  direction: 'up' | 'down';
  steps: Step[];
  statements: PlannedStatement[];
  /** Objects this section declares unused from now on (`-- safe-migrate:deprecate`), as written. */
  deprecates: string[];
  /** Rules ignored for the whole file (`-- safe-migrate-ignore-file`). */
  fileIgnores: string[];
}

export type ClassifyAll = (statements: SqlStatement[]) => Classification[];

export interface PlanSectionResult {
  planned: PlannedMigration | undefined;
  problems: InputProblem[];
}

/** Parses and splits one section; problems (syntax, empty up, transaction control) stop the run before anything executes. */
export function planSection(migration: Migration, direction: 'up' | 'down', classifyAll: ClassifyAll): PlanSectionResult {
  const section = direction === 'up' ? migration.up : migration.down;
  if (!section) {
    const problem = { file: migration.files[0]!, message: `migration ${migration.name} has no down part, so it cannot be rolled back`, hint: 'add a down section (-- migrate:down, a .down.sql file or down(knex)), or roll back by hand and run safe-migrate repair --rolled-back ' + migration.id };
    return { planned: undefined, problems: [problem] };
  }
  const parsed = parseSection(section);
  if (parsed.problems.length > 0) return { planned: undefined, problems: parsed.problems };
  const classifications = classifyAll(parsed.statements);
  const statements = parsed.statements.map((statement, i) => toPlanned(statement, section.file, classifications[i]));
  if (direction === 'up' && statements.length === 0) {
    return { planned: undefined, problems: [{ file: section.file, line: section.type === 'sql' ? section.firstLine : undefined, message: `the up part of ${migration.name} has no SQL statements`, hint: 'add the statements, or delete the file' }] };
  }
  const txProblems = transactionControlProblems(statements);
  if (txProblems.length > 0) return { planned: undefined, problems: txProblems };
  const runnable = statements.filter((s) => !isBlockControl(s));
  const steps = section.type === 'knex' ? [knexStep(section, runnable)] : splitSteps(runnable, section.noTransaction);
  return { planned: { migration, direction, steps, statements, deprecates: parsed.deprecates, fileIgnores: parsed.fileIgnores }, problems: [] };
}

interface ParsedSection {
  statements: SqlStatement[];
  problems: InputProblem[];
  deprecates: string[];
  fileIgnores: string[];
}

function parseSection(section: Section): ParsedSection {
  const none = { deprecates: [], fileIgnores: [] };
  if (section.type === 'sql') {
    const parsed = parseSql(section.text, { firstLine: section.firstLine });
    if (parsed.error) return { ...none, statements: [], problems: [{ file: section.file, line: parsed.error.line, column: parsed.error.column, message: `SQL does not parse: ${parsed.error.message}`, hint: 'fix the statement; nothing was applied' }] };
    return {
      statements: parsed.statements,
      problems: [],
      deprecates: parsed.directives.flatMap((d) => (d.type === 'deprecate' ? d.objects : [])),
      fileIgnores: parsed.directives.flatMap((d) => (d.type === 'ignore-file' ? d.rules : [])),
    };
  }
  const statements: SqlStatement[] = [];
  for (const [i, sql] of section.captured.entries()) {
    const parsed = parseSql(sql);
    if (parsed.error) return { ...none, statements: [], problems: [{ file: section.file, message: `query ${i + 1} built by the module does not parse: ${parsed.error.message}`, hint: 'check the knex calls or raw SQL in the module' }] };
    statements.push(...parsed.statements);
  }
  return { ...none, statements, problems: [] };
}

function toPlanned(statement: SqlStatement, file: string, classification: Classification | undefined): PlannedStatement {
  return { sql: statement.sql, kind: statement.kind, file, line: statement.line, column: statement.column, transactional: statement.transactional, statement, classification, touches: [] };
}

/** BEGIN/START/COMMIT/END around a file are dropped: the runner gives each migration its own transaction. */
function isBlockControl(s: PlannedStatement): boolean {
  const kind = s.kind === 'TransactionStmt' ? String(s.statement.node.kind) : '';
  return ['TRANS_STMT_BEGIN', 'TRANS_STMT_START', 'TRANS_STMT_COMMIT'].includes(kind);
}

function transactionControlProblems(statements: PlannedStatement[]): InputProblem[] {
  const problems: InputProblem[] = [];
  let inBlock = false;
  for (const s of statements) {
    const kind = s.kind === 'TransactionStmt' ? String(s.statement.node.kind) : '';
    if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') inBlock = true;
    else if (kind === 'TRANS_STMT_COMMIT') inBlock = false;
    else if (kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE' || kind === 'TRANS_STMT_COMMIT_PREPARED') {
      problems.push({ file: s.file, line: s.line, column: s.column, message: `${s.sql.split(/\s/)[0]} in a migration would end safe-migrate's own transaction`, hint: 'remove it: each migration already runs in its own transaction' });
    } else if (inBlock && !s.transactional) {
      problems.push({ file: s.file, line: s.line, column: s.column, message: `${firstWords(s.sql)} cannot run inside the explicit BEGIN … COMMIT block around it`, hint: 'remove BEGIN/COMMIT: safe-migrate runs this statement as its own step outside a transaction' });
    }
  }
  return problems;
}

function firstWords(sql: string): string {
  return sql.split(/\s+/).slice(0, 4).join(' ');
}

function splitSteps(statements: PlannedStatement[], noTransaction: boolean): Step[] {
  const steps: SqlStep[] = [];
  for (const s of statements) {
    const transactional = s.transactional && !noTransaction;
    const last = steps.at(-1);
    if (transactional && last?.transactional) last.statements.push(s);
    else steps.push({ type: 'sql', transactional, statements: [s] });
  }
  return steps;
}

function knexStep(section: Extract<Section, { type: 'knex' }>, statements: PlannedStatement[]): KnexStep {
  return { type: 'knex', transactional: !section.noTransaction, file: section.file, run: section.run, statements };
}
