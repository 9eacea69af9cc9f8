import { describe, it, expect } from 'vitest';
import { isCommentOnly } from './comments.js';

describe('isCommentOnly', () => {
  it.each([
    ['', true],
    ['  \n\t\n', true],
    ['-- only a comment\n/* and a block\n   comment */\n', true],
    ['/* nested /* block */ still comment */', true],
    ['SELECT 1;', false],
    ["-- note: /*\nCREATE TABLE t ();\n-- */", false],
    ["SELECT '--';", false],
    ['/* unterminated', true],
  ])('%j → %s', (text, expected) => {
    expect(isCommentOnly(text)).toBe(expected);
  });
});
