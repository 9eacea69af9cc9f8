// The lint part of the library API: the engine, its report types and the reporters.
export { lint, type LintInput } from './engine.js';
export {
  hasInputErrors,
  SYNTAX_ERROR,
  UNUSED_IGNORE,
  type FileReport,
  type LintOptions,
  type LintReport,
  type ReportedFinding,
  type RuleInfo,
  type RuleSetting,
  type StatementReport,
} from './report.js';
export { FORMATS, isFormat, type Format } from './formats.js';
export { formatGithub, formatJson, formatReport, formatSarif, formatText, type TextOptions } from './reporters/index.js';
export { ruleDocsPath, ruleDocsUrl } from './docs-link.js';
export type { Finding, LintStatement, Rule, RuleContext, RuleFinding, Severity } from './types.js';
