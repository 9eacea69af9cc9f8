// The contract between the lint engine and its rules. A rule is pure: it sees the
// statements of one section, their classifications and what came before, and returns
// findings. Rules never read ignore comments: ignores are applied afterwards as a filter.
import type { Classification } from '../classify/types.js';
import type { SqlStatement } from '../sql/index.js';

export type Severity = 'error' | 'warning';

/** One statement as rules see it: parsed, located, classified. */
export interface LintStatement {
  statement: SqlStatement;
  classification: Classification;
  section: 'up' | 'down';
}

/** What a rule sees (spec §8 "cross-statement context"). */
export interface RuleContext {
  /** The file being linted (path as shown to the user). */
  file: string;
  /** The section being checked. */
  section: 'up' | 'down';
  /** All statements of this section, in order. */
  statements: LintStatement[];
  /** Whether the migration has a down part at all. */
  hasDown: boolean;
  /** Whether this section runs in one transaction (no `-- safe-migrate:no-transaction`). */
  inTransaction: boolean;
  /**
   * True when `table` (schema-qualified) was created before statement `index`: earlier in this
   * section, or in an earlier file of the set being linted. Such a table is new, so nobody uses it yet.
   * In a down section, what the migration's own up created counts too: undoing it is the expected inverse.
   */
  tableCreatedBefore(table: string, index: number): boolean;
  /**
   * True when `column` (`schema.table.column`) was added before statement `index`, earlier in this
   * section or in an earlier file of the same set (same pending release): no colour writes it yet.
   * In a down section, columns the migration's own up added count too.
   */
  columnAddedBefore(column: string, index: number): boolean;
  /**
   * True when an object with this `kind:schema.name` key (views, functions, types, indexes…) was
   * created by an earlier file of the set, or by this migration's up when checking its down.
   * Statements earlier in the same section are the rule's own business.
   */
  objectCreatedBefore(key: string, index: number): boolean;
  defaultSchema: string;
}

export interface RuleFinding {
  /** Index into `context.statements` the finding is about (or undefined for file-level findings). */
  statementIndex?: number;
  /** Overrides the rule's description when the specific case deserves a precise sentence. */
  message?: string;
  /** Overrides the rule's help. */
  help?: string;
}

export interface Rule {
  /** kebab-case id, e.g. `drop-column`; also the doc page `docs/rules/<id>.md`. */
  id: string;
  /** The risk, one sentence. */
  description: string;
  /** The safe alternative, one sentence. */
  help: string;
  defaultSeverity: Severity;
  /** Pure check over one section. */
  check(context: RuleContext): RuleFinding[];
}

/** A finding as reported (spec §8). */
export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
  help: string;
  /** `docs/rules/<rule>.md` */
  docs: string;
}
