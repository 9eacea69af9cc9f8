// Splits one SQL file into up/down sections by its marker comments (dbmate's
// `-- migrate:up`, goose's `-- +goose Up`, node-pg-migrate's `-- Up Migration`), keeping line numbers: a section's text is a
// slice of the file from the line after its marker, so text line N is file line firstLine+N-1.
// SQL is not parsed here (that is src/sql's job); only whole marker lines are recognised.
import { blankComments } from './comments.js';
import type { InputProblem, MigrationForm, SqlSection } from './types.js';

export interface SplitFile {
  form: Extract<MigrationForm, 'sql' | 'goose'>;
  up: SqlSection | undefined;
  down: SqlSection | undefined;
  problems: InputProblem[];
}

type MarkerKind = 'up' | 'down' | 'no-transaction' | 'other';

interface Marker {
  kind: MarkerKind;
  line: number;
  /** Offset of the start of the marker line, and of the line after it. */
  start: number;
  end: number;
  /** dbmate's `-- migrate:up transaction:false`. */
  noTransaction: boolean;
  text: string;
}

const DBMATE = /^[ \t]*--[ \t]*migrate:(up|down)\b(.*)$/;
// node-pg-migrate's SQL migrations: `-- Up Migration` / `-- Down Migration`.
const NODE_PG_MIGRATE = /^[ \t]*--[ \t]*(Up|Down)[ \t]+Migration[ \t]*$/i;
const GOOSE = /^[ \t]*--[ \t]*\+goose[ \t]+(.*?)[ \t]*$/;
const NO_TRANSACTION = /--[ \t]*safe-migrate:no-transaction[ \t]*$|\/\*\s*safe-migrate:no-transaction\s*\*\//m;

/**
 * Splits normalised text (LF, no BOM) into sections. goose markers win when the file has
 * any `-- +goose Up/Down`; otherwise dbmate markers; with neither, the whole file is up.
 */
export function splitSqlFile(text: string, file: string): SplitFile {
  const goose = findMarkers(text, gooseMarker);
  if (goose.some((m) => m.kind === 'up' || m.kind === 'down')) return fromMarkers('goose', text, file, goose);
  const dbmate = findMarkers(text, dbmateMarker);
  if (dbmate.length > 0) return fromMarkers('sql', text, file, dbmate);
  return { form: 'sql', up: wholeSection(text, file), down: undefined, problems: [] };
}

/** A section spanning a whole file (pairs, directories, Prisma, marker-less files). */
export function wholeSection(text: string, file: string): SqlSection {
  return { type: 'sql', file, text, firstLine: 1, noTransaction: NO_TRANSACTION.test(text) };
}

function dbmateMarker(line: string): Omit<Marker, 'line' | 'start' | 'end' | 'text'> | undefined {
  const npm = NODE_PG_MIGRATE.exec(line);
  if (npm) return { kind: npm[1]!.toLowerCase() as 'up' | 'down', noTransaction: false };
  const match = DBMATE.exec(line);
  if (!match) return undefined;
  return { kind: match[1] as 'up' | 'down', noTransaction: /\btransaction:false\b/.test(match[2]!) };
}

function gooseMarker(line: string): Omit<Marker, 'line' | 'start' | 'end' | 'text'> | undefined {
  const match = GOOSE.exec(line);
  if (!match) return undefined;
  const command = match[1]!.toLowerCase().replace(/\s+/g, ' ');
  if (command === 'up' || command === 'down') return { kind: command, noTransaction: false };
  // StatementBegin/End and ENVSUB stay in the text as ordinary comments.
  return { kind: command === 'no transaction' ? 'no-transaction' : 'other', noTransaction: false };
}

/** Scans line by line without splitting the whole text into an array (files may be 10 MB+). */
function findMarkers(text: string, recognise: typeof dbmateMarker): Marker[] {
  const markers: Marker[] = [];
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    // Cheap pre-filter: a marker line is a comment, so it contains "--".
    const lineText = text.slice(start, end);
    const found = lineText.includes('--') ? recognise(lineText) : undefined;
    if (found) markers.push({ ...found, line, start, end: newline === -1 ? end : end + 1, text: lineText.trim() });
    if (newline === -1) break;
    start = newline + 1;
  }
  return markers;
}

function fromMarkers(form: SplitFile['form'], text: string, file: string, all: Marker[]): SplitFile {
  const problems: InputProblem[] = [];
  const fileNoTransaction = all.some((m) => m.kind === 'no-transaction');
  const bounds = all.filter((m) => m.kind === 'up' || m.kind === 'down');
  const upMarker = bounds.find((m) => m.kind === 'up');
  const downMarker = bounds.find((m) => m.kind === 'down');
  for (const marker of bounds) {
    if (marker !== upMarker && marker !== downMarker) problems.push(repeatedMarker(file, marker));
  }
  if (downMarker && (!upMarker || downMarker.line < upMarker.line)) {
    problems.push(downBeforeUp(file, downMarker, upMarker));
    return { form, up: undefined, down: undefined, problems };
  }
  if (!upMarker) return { form, up: undefined, down: undefined, problems };
  const sectionOf = (marker: Marker): SqlSection => {
    const next = bounds.find((m) => m.line > marker.line);
    const slice = text.slice(marker.end, next ? next.start : text.length);
    const section = wholeSection(slice, file);
    section.firstLine = marker.line + 1;
    section.noTransaction ||= fileNoTransaction || marker.noTransaction;
    return section;
  };
  const up = sectionOf(upMarker);
  const down = downMarker ? sectionOf(downMarker) : undefined;
  problems.push(...textBefore(text, file, upMarker));
  return { form, up, down, problems };
}

function repeatedMarker(file: string, marker: Marker): InputProblem {
  return {
    file,
    line: marker.line,
    message: `second "${marker.text}" marker: a file has one up and at most one down section`,
    hint: 'merge the sections, or split the file into two migrations',
  };
}

function downBeforeUp(file: string, down: Marker, up: Marker | undefined): InputProblem {
  const upText = down.text.includes('+goose') ? '-- +goose Up' : '-- migrate:up';
  return {
    file,
    line: down.line,
    message: up
      ? `"${down.text}" comes before "${up.text}" (line ${up.line})`
      : `"${down.text}" without an "${upText}" section`,
    hint: `put the "${upText}" section first, then the down section`,
  };
}

/** SQL before the up marker would silently never run, so it is reported (comments are fine). */
function textBefore(text: string, file: string, upMarker: Marker): InputProblem[] {
  const before = blankComments(text.slice(0, upMarker.start));
  const offset = before.search(/\S/);
  if (offset === -1) return [];
  const firstLine = before.slice(0, offset).split('\n').length;
  return [
    {
      file,
      line: firstLine,
      message: `SQL before "${upMarker.text}" (line ${upMarker.line}) belongs to no section and would never run`,
      hint: `move it below "${upMarker.text}", or comment it out`,
    },
  ];
}
