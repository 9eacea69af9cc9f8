import { describe, expect, it } from 'vitest';
import { inlineParams, quoteIdent, quoteLiteral } from './quote.js';

describe('quoting', () => {
  it('doubles quotes, and writes a value with a backslash as an E-string with it doubled', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(quoteLiteral("\\'; DROP TABLE x; --")).toBe("E'\\\\''; DROP TABLE x; --'");
    expect(() => quoteLiteral('a\0b')).toThrow(/NUL/);
  });

  it('inlines parameters by position, each once, without rescanning what it inserted', () => {
    expect(inlineParams('SELECT $2, $1, $2, $10', ['a', '$1', 3, 4, 5, 6, 7, 8, 9, null])).toBe("SELECT '$1', 'a', '$1', NULL");
    expect(inlineParams('VALUES ($1, $2, $3)', [true, 1.5, undefined])).toBe('VALUES (TRUE, 1.5, NULL)');
    expect(() => inlineParams('SELECT $2', ['a'])).toThrow(/\$2 has no parameter/);
    expect(() => inlineParams('SELECT $1', [{}])).toThrow(/cannot inline an? object/);
    expect(() => inlineParams('SELECT $1', [Number.NaN])).toThrow(/cannot inline the number NaN/);
  });
});
