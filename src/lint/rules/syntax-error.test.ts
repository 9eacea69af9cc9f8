import { describe, expect, it } from 'vitest';
import { syntaxError } from './syntax-error.js';
import { check } from './test-helper.js';

describe('syntax-error', () => {
  it('finds nothing itself: the engine reports files that do not parse', async () => {
    expect(await check(syntaxError, 'CREATE TABLE t (id bigint); DROP TABLE t')).toEqual([]);
  });

  it('is an error', () => {
    expect(syntaxError.defaultSeverity).toBe('error');
  });
});
