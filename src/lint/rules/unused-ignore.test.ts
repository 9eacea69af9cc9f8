import { describe, expect, it } from 'vitest';
import { unusedIgnore } from './unused-ignore.js';
import { check } from './test-helper.js';

describe('unused-ignore', () => {
  it('finds nothing itself: the engine reports ignores that silence nothing', async () => {
    expect(await check(unusedIgnore, '-- safe-migrate-ignore drop-table -- stale\nSELECT 1')).toEqual([]);
  });

  it('is a warning', () => {
    expect(unusedIgnore.defaultSeverity).toBe('warning');
  });
});
