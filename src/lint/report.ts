// What `lint` returns (spec §8). The JSON reporter prints exactly the spec's fields;
// the few extra fields here (marked "internal") feed the text, SARIF and GitHub reporters.
import type { Effect, LockLevel, ObjectRef } from '../classify/types.js';
import type { Finding, Rule, Severity } from './types.js';

/** A rule's setting in config: turned off, or reported at this severity. */
export type RuleSetting = 'off' | Severity;

export interface LintOptions {
  /** Per-rule overrides; an id that is not a rule is a usage error. */
  rules?: Record<string, RuleSetting>;
  /**
   * Whether the migrations form one pending release (default true): then a table or column an
   * earlier one creates counts as new for the later ones, so e.g. dropping it is no contract step.
   * Pass false for a whole history directory, where nothing is known to be pending: each migration
   * then stands alone (its down still sees what its up created).
   */
  pendingSet?: boolean;
  /** Schema for unqualified names (default `public`). */
  defaultSchema?: string;
  /** Rules to run instead of the built-in registry (tests, plugins). */
  registry?: readonly Rule[];
}

/**
 * One statement as reported. `lock` is the classifier's lock object:
 * `{ level: "ACCESS EXCLUSIVE", tables: ["public.users"] }` (`level: "none"` and no tables when
 * the statement takes no table lock), so tools need not parse a sentence.
 */
export interface StatementReport {
  section: 'up' | 'down';
  line: number;
  column: number;
  sql: string;
  kind: string;
  effect: Effect;
  objects: ObjectRef[];
  lock: { level: LockLevel; tables: string[] };
  transactional: boolean;
  /** Internal: the SQL was captured from a knex module, so `line` is the module's line 1, not the SQL's. */
  captured?: boolean;
}

/** A finding in a file report. */
export interface ReportedFinding extends Finding {
  /** Internal: index into the file's `statements` the finding is about, when it is about one. */
  statement?: number;
  /** Internal: the source line at `line`, for findings not about a statement (syntax errors, ignores). */
  source?: string;
}

export interface FileReport {
  path: string;
  statements: StatementReport[];
  findings: ReportedFinding[];
}

/** Internal: what the SARIF reporter lists as `tool.driver.rules`. */
export interface RuleInfo {
  id: string;
  description: string;
  help: string;
  severity: Severity;
  docs: string;
}

export interface LintReport {
  files: FileReport[];
  summary: { files: number; statements: number; errors: number; warnings: number };
  /** Internal: the rules that were enabled, with their effective severity. */
  rules: RuleInfo[];
}

/** Rule ids the engine itself produces (their Rule objects only carry metadata). */
export const SYNTAX_ERROR = 'syntax-error';
export const UNUSED_IGNORE = 'unused-ignore';

/**
 * True when the report holds input errors (a file that could not be read or parsed): the CLI exits 2
 * for those (spec §9 "unparsable migration"), 1 for other error findings.
 */
export function hasInputErrors(report: LintReport): boolean {
  return report.files.some((file) => file.findings.some((f) => f.rule === SYNTAX_ERROR));
}
