import { describe, expect, it } from 'vitest';
import { unknownStatement } from './unknown-statement.js';
import { check, flagged } from './test-helper.js';

describe('unknown-statement', () => {
  it('flags statements the classifier cannot tell (a DO block running dynamic SQL)', async () => {
    const findings = await check(unknownStatement, "DO $$ BEGIN EXECUTE 'DROP TABLE ' || 'users'; END $$");
    expect(findings.map((f) => f.statementIndex)).toEqual([0]);
    expect(findings[0]?.message).toContain('DoStmt');
  });

  it('allows statements with a known effect', async () => {
    expect(await flagged(unknownStatement, 'ALTER TABLE users ADD COLUMN a text; CREATE INDEX CONCURRENTLY i ON users (a); SELECT 1')).toEqual([]);
  });

  it('points at the unknown statement', async () => {
    expect(await flagged(unknownStatement, "SELECT 1;\nDO $$ BEGIN EXECUTE 'TRUNCATE ' || 'users'; END $$")).toEqual([1]);
  });
});
