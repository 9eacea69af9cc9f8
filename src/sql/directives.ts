// Comment directives: the only way a migration file talks to safe-migrate.
// `-- safe-migrate:no-transaction`, `-- safe-migrate:deprecate s.t.c`,
// `-- safe-migrate-ignore rule[, rule] -- reason`, `-- safe-migrate-ignore-file rule -- reason`.
import type { RawToken } from './parser.js';
import type { Locate } from './statements.js';

interface DirectiveBase {
  line: number;
  column: number;
  /** Byte offset of the comment in the section text. */
  offset: number;
}
export interface IgnoreDirective extends DirectiveBase {
  type: 'ignore' | 'ignore-file';
  rules: string[];
  reason: string | undefined;
}
export interface NoTransactionDirective extends DirectiveBase {
  type: 'no-transaction';
}
export interface DeprecateDirective extends DirectiveBase {
  type: 'deprecate';
  objects: string[];
}
export type Directive = IgnoreDirective | NoTransactionDirective | DeprecateDirective;

const IGNORE = /^safe-migrate-ignore(-file)?\s+(.*)$/;

/** Reads directives from comment tokens; anything that is not a directive is ignored. */
export function readDirectives(tokens: RawToken[], locate: Locate): Directive[] {
  const directives: Directive[] = [];
  for (const token of tokens) {
    if (!token.comment) continue;
    const body = commentBody(token.text);
    const at = { ...locate(token.start), offset: token.start };
    const directive = parseDirective(body, at);
    if (directive) directives.push(directive);
  }
  return directives;
}

export function parseDirective(body: string, at: DirectiveBase): Directive | undefined {
  if (body === 'safe-migrate:no-transaction') return { type: 'no-transaction', ...at };
  if (body.startsWith('safe-migrate:deprecate')) {
    const objects = body.slice('safe-migrate:deprecate'.length).split(/[\s,]+/).filter(Boolean);
    return { type: 'deprecate', objects, ...at };
  }
  const match = IGNORE.exec(body);
  if (!match) return undefined;
  const [rulePart, ...reasonParts] = match[2]!.split('--');
  const rules = rulePart!.split(/[\s,]+/).filter(Boolean);
  const reason = reasonParts.join('--').trim() || undefined;
  return { type: match[1] ? 'ignore-file' : 'ignore', rules, reason, ...at };
}

function commentBody(text: string): string {
  const inner = text.startsWith('--') ? text.slice(2) : text.slice(2, -2);
  return inner.trim();
}
