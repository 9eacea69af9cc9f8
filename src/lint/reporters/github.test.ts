import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from './github.js';
import { sampleReport } from './sample-report.js';

describe('formatGithub', () => {
  it('prints one workflow command per finding, then a summary', () => {
    const lines = formatGithub(sampleReport()).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      '::error file=migrations/0002_drop_email.sql,line=3,col=1,title=safe-migrate drop-column::' +
        'Dropping public.users.email breaks any live or idle colour that still reads or writes it. Stop using the column first, then drop it in a later release.',
    );
    expect(lines[1]).toMatch(/^::warning file=migrations\/0002_drop_email.sql,line=6,col=1,title=safe-migrate unused-ignore::/);
    expect(lines[2]).toBe('safe-migrate: 1 error, 1 warning (2 files, 2 statements).');
  });

  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('100% a\r\nb: c, d')).toBe('100%25 a%0D%0Ab: c, d');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const report = sampleReport();
    report.files[0]!.path = 'db/mig,rations:x/0002.sql';
    report.files[0]!.findings[0]!.message = 'two\nlines 50%';
    const first = formatGithub(report).split('\n')[0]!;
    expect(first).toContain('file=db/mig%2Crations%3Ax/0002.sql,');
    expect(first).toContain('::two%0Alines 50%25 ');
  });
});
