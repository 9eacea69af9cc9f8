// A cheap comment scanner for checks that must not parse SQL (src/sql does that later):
// is a section empty, and where does the first non-comment text start.

/** Where a comment or quoted literal may start. */
const SPECIAL = /--|\/\*|'|"/g;

/**
 * True when the text holds nothing but whitespace and comments: the cheap check behind the
 * "empty up section" problem (the SQL parser does the real one later). Dollar quotes are not
 * tracked; a comment marker inside one can only blank text after the statement's first token,
 * so a statement never looks empty.
 */
export function isCommentOnly(text: string): boolean {
  return blankComments(text).trim() === '';
}

/**
 * Removes comments but keeps their line breaks, so offsets still map to lines. A sequential
 * scan (not a regex) so that `--` inside a string or `/*` inside a line comment are not
 * mistaken for comments; block comments nest as in PostgreSQL.
 */
export function blankComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const end = skipToken(text, i);
    const token = text.slice(i, end);
    out += token.startsWith('--') || token.startsWith('/*') ? token.replace(/[^\n]/g, '') : token;
    i = end;
  }
  return out;
}

/** End offset of the comment, quoted literal or single character starting at `i`. */
function skipToken(text: string, i: number): number {
  const two = text.slice(i, i + 2);
  if (two === '--') {
    const newline = text.indexOf('\n', i);
    return newline === -1 ? text.length : newline;
  }
  if (two === '/*') return skipBlockComment(text, i);
  const quote = text[i];
  if (quote === "'" || quote === '"') {
    let j = i + 1;
    while (j < text.length && !(text[j] === quote && text[j + 1] !== quote)) j += text[j] === quote ? 2 : 1;
    return Math.min(j + 1, text.length);
  }
  SPECIAL.lastIndex = i + 1;
  const next = SPECIAL.exec(text);
  return next ? next.index : text.length;
}

function skipBlockComment(text: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    const two = text.slice(j, j + 2);
    if (two === '/*') depth++;
    else if (two === '*/') depth--;
    j += two === '/*' || two === '*/' ? 2 : 1;
    if (depth === 0) return j;
  }
  return text.length;
}
