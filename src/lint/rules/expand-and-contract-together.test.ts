import { describe, expect, it } from 'vitest';
import { expandAndContractTogether } from './expand-and-contract-together.js';
import { check, flagged } from './test-helper.js';

describe('expand-and-contract-together', () => {
  it('flags a rename done as add-copy-drop in one migration', async () => {
    const sql = [
      'ALTER TABLE users ADD COLUMN email_address text',
      'UPDATE users SET email_address = email WHERE email_address IS NULL',
      'ALTER TABLE users DROP COLUMN email',
    ].join(';\n');
    const findings = await check(expandAndContractTogether, sql);
    expect(findings.map((f) => f.statementIndex)).toEqual([2]);
    expect(findings[0]?.message).toContain('adds public.users.email_address (line 1) and also drops public.users.email');
  });

  it('flags renames, type changes and table drops next to an add on the same table', async () => {
    expect(await flagged(expandAndContractTogether, 'ALTER TABLE users ADD COLUMN a text; ALTER TABLE users RENAME b TO c')).toEqual([1]);
    expect(await flagged(expandAndContractTogether, 'ALTER TABLE users ALTER b TYPE bigint; ALTER TABLE users ADD COLUMN a text')).toEqual([0]);
    expect(await flagged(expandAndContractTogether, 'ALTER TABLE users ADD a text, DROP COLUMN b')).toEqual([0]);
  });

  it('allows expanding one table and contracting another', async () => {
    expect(await flagged(expandAndContractTogether, 'ALTER TABLE users ADD COLUMN a text; ALTER TABLE orders DROP COLUMN b')).toEqual([]);
  });

  it('allows an expand on its own', async () => {
    expect(await flagged(expandAndContractTogether, 'ALTER TABLE users ADD COLUMN a text; UPDATE users SET a = b WHERE id < 100')).toEqual([]);
  });

  it('allows changes on a table created in the set', async () => {
    expect(await flagged(expandAndContractTogether, 'ALTER TABLE t ADD COLUMN b text; ALTER TABLE t DROP COLUMN a', { earlier: ['CREATE TABLE t (a text)'] })).toEqual([]);
  });
});
