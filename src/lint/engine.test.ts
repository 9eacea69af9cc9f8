import { describe, expect, it } from 'vitest';
import { SafeMigrateError } from '../errors.js';
import type { Migration, SqlSection } from '../files/types.js';
import { lint } from './engine.js';
import { hasInputErrors, type LintOptions, type LintReport } from './report.js';
import type { Rule, RuleContext } from './types.js';

// Test rules, so these tests do not depend on the wording of the real ones.
const flagDrop: Rule = {
  id: 'flag-drop',
  description: 'A DROP statement.',
  help: 'Do not drop.',
  defaultSeverity: 'error',
  check: (context) =>
    context.statements.flatMap((s, i) => {
      const tables = s.classification.objects.filter((o) => o.type === 'table' && o.action === 'drop');
      return s.statement.kind === 'DropStmt' && !tables.every((t) => context.tableCreatedBefore(t.name, i)) ? [{ statementIndex: i }] : [];
    }),
};
const flagUpdate: Rule = {
  id: 'flag-update',
  description: 'An UPDATE.',
  help: 'Batch it.',
  defaultSeverity: 'warning',
  check: (context) => context.statements.flatMap((s, i) => (s.statement.kind === 'UpdateStmt' ? [{ statementIndex: i, message: `update #${i}` }] : [])),
};
const noDown: Rule = {
  id: 'missing-down',
  description: 'No down part.',
  help: 'Write one.',
  defaultSeverity: 'warning',
  check: (context) => (context.section === 'up' && !context.hasDown ? [{}] : []),
};
const unusedIgnore: Rule = { id: 'unused-ignore', description: 'Unused ignore.', help: 'Remove it.', defaultSeverity: 'warning', check: () => [] };
const registry = [flagDrop, flagUpdate, noDown, unusedIgnore];

function section(file: string, text: string, firstLine = 1): SqlSection {
  return { type: 'sql', file, text, firstLine, noTransaction: false };
}

function migration(name: string, up: string, down?: string): Migration {
  return {
    id: name.split('_')[0]!,
    name,
    form: 'sql-pair',
    files: [`${name}.up.sql`, `${name}.down.sql`],
    checksum: '0',
    up: section(`${name}.up.sql`, up),
    down: down === undefined ? undefined : section(`${name}.down.sql`, down),
  };
}

async function run(migrations: Migration[], options: LintOptions = {}): Promise<LintReport> {
  return lint({ migrations, problems: [] }, { registry, ...options });
}

const findings = (report: LintReport) => report.files.flatMap((f) => f.findings.map((x) => `${x.file}:${x.line}:${x.column} ${x.severity} ${x.rule}`));

describe('lint engine', () => {
  it('reports every statement with its classification and each finding at its statement', async () => {
    const report = await run([migration('0001_a', 'CREATE TABLE t (id int);\n\nDROP TABLE old;\n', 'DROP TABLE t;')]);
    expect(report.files.map((f) => f.path)).toEqual(['0001_a.up.sql', '0001_a.down.sql']);
    const [create, drop] = report.files[0]!.statements;
    expect(create).toMatchObject({ section: 'up', line: 1, column: 1, sql: 'CREATE TABLE t (id int)', kind: 'CreateStmt', transactional: true });
    expect(create!.objects).toContainEqual({ type: 'table', name: 'public.t', action: 'create' });
    expect(create!.lock).toHaveProperty('level');
    expect(drop).toMatchObject({ line: 3, kind: 'DropStmt', effect: 'destructive' });
    expect(report.files[0]!.findings).toEqual([
      { rule: 'flag-drop', severity: 'error', file: '0001_a.up.sql', line: 3, column: 1, message: 'A DROP statement.', help: 'Do not drop.', docs: 'docs/rules/flag-drop.md', statement: 1 },
    ]);
    expect(report.summary).toEqual({ files: 2, statements: 3, errors: 1, warnings: 0 });
    expect(report.files[1]!.findings).toEqual([]); // the down drops what its up created
    expect(report.rules.map((r) => r.id)).toEqual(['flag-drop', 'flag-update', 'missing-down', 'unused-ignore', 'syntax-error']);
  });

  it('lets rules report file-level findings (missing-down from context.hasDown)', async () => {
    const report = await run([migration('0001_a', 'SELECT 1;')]);
    expect(findings(report)).toEqual(['0001_a.up.sql:1:1 warning missing-down']);
  });

  describe('ignores', () => {
    it('silence the listed rules on the next statement only', async () => {
      const sql = ['-- safe-migrate-ignore flag-drop, flag-update -- reviewed', 'DROP TABLE a;', 'DROP TABLE b;', '-- safe-migrate-ignore flag-drop -- reviewed', 'UPDATE c SET x = 1;'].join('\n');
      const report = await run([migration('0001_a', sql, 'SELECT 1;')]);
      expect(findings(report)).toEqual([
        '0001_a.up.sql:1:1 warning unused-ignore', // flag-update: DROP TABLE a has no such finding
        '0001_a.up.sql:3:1 error flag-drop',
        '0001_a.up.sql:4:1 warning unused-ignore',
        '0001_a.up.sql:5:1 warning flag-update',
      ]);
      expect(report.files[0]!.findings[2]!.message).toBe('This ignore comment silences flag-drop, but the next statement has no flag-drop finding.');
    });

    it('report an ignore that names both a used and an unused rule once, for the unused one', async () => {
      const report = await run([migration('0001_a', '-- safe-migrate-ignore flag-drop, flag-update -- x\nDROP TABLE a;', 'SELECT 1;')]);
      expect(report.files[0]!.findings.map((f) => f.message)).toEqual(['This ignore comment silences flag-update, but the next statement has no flag-update finding.']);
    });

    it('silence a rule in the whole file, and only that file', async () => {
      const up = 'DROP TABLE a;\n-- safe-migrate-ignore-file flag-drop -- the table is dead\nDROP TABLE b;';
      const report = await run([migration('0001_a', up, 'DROP TABLE c;')]);
      expect(findings(report)).toEqual(['0001_a.down.sql:1:1 error flag-drop']);
    });

    it('report unknown rule ids, unused file ignores and ignores followed by no statement', async () => {
      const up = ['-- safe-migrate-ignore flag-dorp -- typo', 'DROP TABLE a;', '-- safe-migrate-ignore-file flag-update -- nothing to silence', 'SELECT 1;', '-- safe-migrate-ignore flag-drop -- dangling'].join('\n');
      const report = await run([migration('0001_a', up, 'SELECT 1;')]);
      expect(findings(report)).toEqual([
        '0001_a.up.sql:1:1 warning unused-ignore',
        '0001_a.up.sql:2:1 error flag-drop',
        '0001_a.up.sql:3:1 warning unused-ignore',
        '0001_a.up.sql:5:1 warning unused-ignore',
      ]);
      const messages = report.files[0]!.findings.filter((f) => f.rule === 'unused-ignore').map((f) => f.message);
      expect(messages).toEqual([
        '"flag-dorp" is not a lint rule, so this ignore comment silences nothing.',
        'This file-level ignore silences flag-update, but the file has no flag-update finding.',
        'This ignore comment for flag-drop is followed by no statement, so it silences nothing.',
      ]);
      expect(report.files[0]!.findings[0]!.source).toBe('-- safe-migrate-ignore flag-dorp -- typo');
    });

    it('do not report ignores of rules turned off in config, and unused-ignore can be turned off', async () => {
      const up = '-- safe-migrate-ignore flag-drop -- x\nSELECT 1;\n-- safe-migrate-ignore nope -- x\nSELECT 2;';
      expect(findings(await run([migration('0001_a', up, 'SELECT 1;')], { rules: { 'flag-drop': 'off' } }))).toEqual(['0001_a.up.sql:3:1 warning unused-ignore']);
      expect(findings(await run([migration('0001_a', up, 'SELECT 1;')], { rules: { 'unused-ignore': 'off' } }))).toEqual([]);
    });
  });

  describe('config', () => {
    it('changes severities and turns rules off', async () => {
      const m = migration('0001_a', 'DROP TABLE a;\nUPDATE b SET x = 1;', 'SELECT 1;');
      expect(findings(await run([m], { rules: { 'flag-drop': 'warning', 'flag-update': 'error' } }))).toEqual([
        '0001_a.up.sql:1:1 warning flag-drop',
        '0001_a.up.sql:2:1 error flag-update',
      ]);
      const report = await run([m], { rules: { 'flag-drop': 'off' } });
      expect(findings(report)).toEqual(['0001_a.up.sql:2:1 warning flag-update']);
      expect(report.rules.map((r) => r.id)).not.toContain('flag-drop');
    });

    it('rejects unknown rule ids and bad values as usage errors, all at once', async () => {
      const error = await run([], { rules: { 'flag-dorp': 'error', 'flag-drop': 'loud' as 'error', 'syntax-error': 'off' } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SafeMigrateError);
      expect((error as SafeMigrateError).kind).toBe('usage');
      expect((error as SafeMigrateError).message).toBe('unknown lint rule "flag-dorp" in the config\'s "rules"');
      expect((error as SafeMigrateError).more.map((e) => e.message)).toEqual([
        'lint rule "flag-drop" is set to "loud"',
        'lint rule "syntax-error" cannot be turned off or downgraded',
      ]);
    });
  });

  describe('cross-file context', () => {
    const seen: string[] = [];
    const probe: Rule = {
      id: 'probe',
      description: 'records what the context says',
      help: '',
      defaultSeverity: 'warning',
      check(context: RuleContext) {
        context.statements.forEach((_s, i) => {
          seen.push(`${context.file} ${i} t=${context.tableCreatedBefore('public.t', i)} c=${context.columnAddedBefore('public.u.c', i)} s=${context.tableCreatedBefore('public.s', i)}`);
        });
        return [];
      },
    };

    it('counts tables and columns created earlier in the section or by an earlier file of the set', async () => {
      seen.length = 0;
      const first = migration('0001_a', 'SELECT 1;\nCREATE TABLE t (id int);\nALTER TABLE u ADD COLUMN c int;', 'DROP TABLE t;');
      const second = migration('0002_b', 'CREATE TABLE r (id int);\nALTER TABLE r RENAME TO s;\nSELECT 1;', 'SELECT 1;');
      await lint({ migrations: [first, second], problems: [] }, { registry: [probe] });
      expect(seen).toEqual([
        '0001_a.up.sql 0 t=false c=false s=false',
        '0001_a.up.sql 1 t=false c=false s=false',
        '0001_a.up.sql 2 t=true c=false s=false',
        // A down that drops what its own up created is the expected inverse.
        '0001_a.down.sql 0 t=true c=true s=false',
        '0002_b.up.sql 0 t=true c=true s=false',
        '0002_b.up.sql 1 t=true c=true s=false',
        '0002_b.up.sql 2 t=true c=true s=true',
        '0002_b.down.sql 0 t=true c=true s=true',
      ]);
    });
  });

  it('with pendingSet false, lets each migration stand alone (a history directory)', async () => {
    const first = migration('0001_a', 'CREATE TABLE t (id int);', 'DROP TABLE t;');
    const second = migration('0002_b', 'DROP TABLE t;', 'SELECT 1;');
    expect(findings(await run([first, second]))).toEqual([]);
    expect(findings(await run([first, second], { pendingSet: false }))).toEqual(['0002_b.up.sql:1:1 error flag-drop']);
  });

  it('lints SQL captured from knex modules, located at the module’s line 1', async () => {
    const m: Migration = {
      ...migration('0001_knex', 'SELECT 1;'),
      form: 'knex',
      files: ['0001_knex.js'],
      up: { type: 'knex', file: '0001_knex.js', captured: ['create table "t" ("id" serial primary key)', 'update "t" set "x" = 1;\ndrop table "old"'], run: () => undefined, noTransaction: false },
      down: { type: 'knex', file: '0001_knex.js', captured: ['drop table "t"'], run: () => undefined, noTransaction: false },
    };
    const report = await run([m]);
    expect(report.files).toHaveLength(1);
    const file = report.files[0]!;
    expect(file.statements.map((s) => [s.section, s.line, s.column, s.kind, s.captured])).toEqual([
      ['up', 1, 1, 'CreateStmt', true],
      ['up', 1, 1, 'UpdateStmt', true],
      ['up', 1, 1, 'DropStmt', true],
      ['down', 1, 1, 'DropStmt', true],
    ]);
    expect(file.findings.map((f) => [f.rule, f.line, f.statement])).toEqual([
      ['flag-update', 1, 1],
      ['flag-drop', 1, 2],
      // The down drops what the up created: the expected inverse.
    ]);
  });

  describe('bad input', () => {
    it('reports a parse error as syntax-error at its location and still lints the other section', async () => {
      const report = await run([migration('0001_a', 'SELECT 1;\nCREATE TABLE (;\n-- safe-migrate-ignore flag-drop -- x\nDROP TABLE a;', 'DROP TABLE b;')]);
      expect(findings(report)).toEqual(['0001_a.up.sql:2:14 error syntax-error', '0001_a.down.sql:1:1 error flag-drop']);
      expect(report.files[0]!.findings[0]!.message).toMatch(/syntax error at or near "\("/);
      expect(report.files[0]!.findings[0]!.source).toBe('CREATE TABLE (;');
      expect(hasInputErrors(report)).toBe(true);
    });

    it('turns input problems into syntax-error findings', async () => {
      const report = await lint(
        { migrations: [], problems: [{ file: 'migrations/0003_bad.sql', line: 4, column: 2, message: 'invalid UTF-8', hint: 'Save the file as UTF-8.' }] },
        { registry },
      );
      expect(report.files).toEqual([
        {
          path: 'migrations/0003_bad.sql',
          statements: [],
          findings: [{ rule: 'syntax-error', severity: 'error', file: 'migrations/0003_bad.sql', line: 4, column: 2, message: 'invalid UTF-8', help: 'Save the file as UTF-8.', docs: 'docs/rules/syntax-error.md', source: undefined }],
        },
      ]);
      expect(report.summary.errors).toBe(1);
    });

    it('names the rule and file when a rule throws (a bug)', async () => {
      const broken: Rule = { ...flagDrop, id: 'broken', check: () => { throw new Error('boom'); } };
      await expect(lint({ migrations: [migration('0001_a', 'SELECT 1;')], problems: [] }, { registry: [broken] })).rejects.toThrow('lint rule broken failed on 0001_a.up.sql (up): boom');
    });
  });
});

describe('objects created by the up, seen from the down', () => {
  it('lets a down drop the view and function its own up created, but not older ones', async () => {
    const { rules } = await import('./rules/index.js');
    const report = await lint(
      {
        migrations: [
          migration('0001_v', 'CREATE VIEW v AS SELECT 1 AS x;\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;', 'DROP VIEW v;\nDROP FUNCTION f();\nDROP VIEW older;'),
        ],
        problems: [],
      },
      { registry: rules, pendingSet: false },
    );
    const drops = report.files.flatMap((f) => f.findings.filter((x) => x.rule === 'drop-object').map((x) => `${x.file}:${x.line}`));
    expect(drops).toEqual(['0001_v.down.sql:3']);
  });
});
