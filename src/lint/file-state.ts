// Per-file accumulation while the engine walks migrations: a migration's sections may live in
// one file (up and down markers) or two (a pair), and reports and ignores are per file.
import type { IgnoreDirective } from '../sql/index.js';
import type { FileIgnores } from './ignores.js';
import type { ReportedFinding, StatementReport } from './report.js';
import type { ParsedSection } from './sections.js';
import type { LintStatement } from './types.js';

export class FileState {
  readonly statements: StatementReport[] = [];
  readonly findings: ReportedFinding[] = [];
  readonly #byStatement: IgnoreDirective[][] = [];
  readonly #lineIgnores: IgnoreDirective[] = [];
  readonly #fileIgnores: IgnoreDirective[] = [];
  #incomplete = false;
  readonly #sources: Array<{ text: string; firstLine: number; lines?: string[] }> = [];

  constructor(readonly path: string) {}

  /** Adds a section's statements; returns the file index of its first statement. */
  addStatements(parsed: ParsedSection, statements: readonly LintStatement[]): number {
    const offset = this.statements.length;
    for (const { statement, classification } of statements) {
      const report: StatementReport = {
        section: parsed.section,
        line: statement.line,
        column: statement.column,
        sql: statement.sql,
        kind: statement.kind,
        effect: classification.effect,
        objects: classification.objects,
        lock: classification.lock,
        transactional: statement.transactional,
      };
      if (parsed.captured) report.captured = true;
      this.statements.push(report);
      this.#byStatement.push(statement.ignores);
    }
    this.#lineIgnores.push(...parsed.ignores);
    this.#fileIgnores.push(...parsed.fileIgnores);
    if (parsed.errors.length > 0) this.#incomplete = true;
    if (parsed.source) this.#sources.push({ ...parsed.source });
    return offset;
  }

  /** The text of a file line, when a SQL section of this file covers it (split only on demand: rarely needed). */
  sourceLine(line: number): string | undefined {
    for (const source of this.#sources) {
      source.lines ??= source.text.split(/\r?\n/);
      const text = source.lines[line - source.firstLine];
      if (text !== undefined) return text;
    }
    return undefined;
  }

  ignores(): FileIgnores {
    return { file: this.path, byStatement: this.#byStatement, lineIgnores: this.#lineIgnores, fileIgnores: this.#fileIgnores, incomplete: this.#incomplete };
  }
}

/** File states in first-seen order. */
export class FileStates {
  readonly #byPath = new Map<string, FileState>();

  get(path: string): FileState {
    let state = this.#byPath.get(path);
    if (!state) this.#byPath.set(path, (state = new FileState(path)));
    return state;
  }

  all(): FileState[] {
    return [...this.#byPath.values()];
  }
}
