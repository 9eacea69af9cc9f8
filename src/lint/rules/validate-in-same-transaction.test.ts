import { describe, expect, it } from 'vitest';
import { validateInSameTransaction } from './validate-in-same-transaction.js';
import { check, flagged } from './test-helper.js';

const ADD = 'ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID';
const VALIDATE = 'ALTER TABLE users VALIDATE CONSTRAINT age_positive';

describe('validate-in-same-transaction', () => {
  it('flags VALIDATE in the same migration (one transaction) as the NOT VALID add', async () => {
    const findings = await check(validateInSameTransaction, `${ADD};\n${VALIDATE}`);
    expect(findings.map((f) => f.statementIndex)).toEqual([1]);
    expect(findings[0]?.message).toContain('age_positive');
  });

  it('flags them inside one explicit BEGIN … COMMIT of a no-transaction section', async () => {
    const sql = `-- safe-migrate:no-transaction\nBEGIN; ${ADD}; ${VALIDATE}; COMMIT`;
    expect(await flagged(validateInSameTransaction, sql)).toEqual([2]);
  });

  it('allows VALIDATE in a later migration', async () => {
    expect(await flagged(validateInSameTransaction, VALIDATE, { earlier: [ADD] })).toEqual([]);
  });

  it('allows VALIDATE after the add in a no-transaction section (each statement commits)', async () => {
    expect(await flagged(validateInSameTransaction, `-- safe-migrate:no-transaction\n${ADD};\n${VALIDATE}`)).toEqual([]);
  });

  it('allows VALIDATE after a CONCURRENTLY step, which ends the transaction', async () => {
    expect(await flagged(validateInSameTransaction, `${ADD}; CREATE INDEX CONCURRENTLY i ON users (age); ${VALIDATE}`)).toEqual([]);
  });

  it('allows validating a different constraint or table', async () => {
    expect(await flagged(validateInSameTransaction, `${ADD}; ALTER TABLE orders VALIDATE CONSTRAINT age_positive`)).toEqual([]);
  });
});
