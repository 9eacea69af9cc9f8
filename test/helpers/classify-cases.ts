// Table-driven classifier tests (src/classify/*.test.ts): a case names a statement and what its
// classification must say; fields left out are not checked.
import { expect } from 'vitest';
import { classifySection, type ClassifyContext } from '../../src/classify/index.js';
import type { Classification, Effect, LockLevel, ObjectRef } from '../../src/classify/types.js';
import { parseSql } from '../../src/sql/index.js';

export interface ClassificationCase {
  sql: string;
  effect: Effect;
  lock?: LockLevel;
  tables?: string[];
  rewrite?: boolean;
  scan?: boolean;
  breaks?: string[];
  /** Must be among the classification's objects (others may be too). */
  objects?: ObjectRef[];
  transactional?: boolean;
  note?: RegExp;
  noNote?: RegExp;
}

/** Classifies `sql` as one section and returns the last statement's classification; the parser must be loaded. */
export function lastClassification(sql: string, context: ClassifyContext = {}): Classification {
  const parsed = parseSql(sql);
  if (parsed.error) throw new Error(parsed.error.message);
  return classifySection(parsed.statements, context).at(-1)!;
}

/** Checks the last statement of `c.sql` against every field the case sets. */
export function checkCase(c: ClassificationCase): void {
  const result = lastClassification(c.sql);
  expect(result.effect).toBe(c.effect);
  if (c.lock) expect(result.lock.level).toBe(c.lock);
  if (c.tables) expect(result.lock.tables).toEqual(c.tables);
  if (c.rewrite !== undefined) expect(result.rewrite).toBe(c.rewrite);
  if (c.scan !== undefined) expect(result.scan).toBe(c.scan);
  if (c.breaks) expect(result.breaks).toEqual(c.breaks);
  if (c.objects) expect(result.objects).toEqual(expect.arrayContaining(c.objects));
  if (c.transactional !== undefined) expect(result.transactional).toBe(c.transactional);
  if (c.note) expect(result.notes.join('\n')).toMatch(c.note);
  if (c.noNote) expect(result.notes.join('\n')).not.toMatch(c.noNote);
}
