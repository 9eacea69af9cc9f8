// The CI integrations: action.yml (a composite GitHub Action), examples/github-workflow.yml and
// .pre-commit-hooks.yaml. Each is parsed (a small YAML subset reader, below), checked for the shape
// its host expects, its safe-migrate command lines are checked against the CLI's --help, and the
// action's shell steps are run for real against a temp git repository. Needs `npm run build` first.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, repoRoot, runCli, writeFiles } from '../helpers/cli.js';

// ─── A YAML subset: block mappings and sequences, `- key: value` items, plain/quoted scalars,
// `|` literal blocks and comments. Enough for these three files; anything else throws.

type Yaml = null | boolean | number | string | Yaml[] | { [key: string]: Yaml };
type Line = { raw: string; indent: number; text: string; n: number };

function parseYaml(source: string): Yaml {
  const lines: Line[] = source.split('\n').map((raw, n) => ({ raw, indent: raw.search(/\S/), text: raw.trim(), n: n + 1 }));
  let i = 0;
  const skip = () => {
    while (i < lines.length && (lines[i]!.indent < 0 || lines[i]!.text.startsWith('#'))) i++;
  };
  const isItem = (l: Line) => l.text === '-' || l.text.startsWith('- ');
  const fail = (why: string): never => {
    throw new Error(`YAML line ${lines[Math.min(i, lines.length - 1)]!.n}: ${why}`);
  };

  function scalar(text: string): Yaml {
    if (text.startsWith('"')) {
      const end = text.lastIndexOf('"');
      if (end <= 0 || !/^(\s+#.*)?$/.test(text.slice(end + 1))) fail(`bad double-quoted scalar ${text}`);
      return JSON.parse(text.slice(0, end + 1)) as string;
    }
    if (text.startsWith("'")) {
      const m = /^'((?:[^']|'')*)'(\s+#.*)?$/.exec(text) ?? fail(`bad single-quoted scalar ${text}`);
      return m[1]!.replace(/''/g, "'");
    }
    const plain = text.replace(/\s+#.*$/, '');
    if (/^[[{&*!|>%@`]/.test(plain) && !plain.startsWith('${{')) fail(`unsupported scalar ${plain}`);
    if (/:\s/.test(plain)) fail(`": " inside a plain scalar: ${plain}`);
    if (plain === 'true' || plain === 'false') return plain === 'true';
    if (plain === 'null' || plain === '~' || plain === '') return null;
    if (/^-?\d+(\.\d+)?$/.test(plain)) return Number(plain);
    return plain;
  }

  function literal(parentIndent: number, style: string): string {
    const body: string[] = [];
    let indent = -1;
    while (i < lines.length && (lines[i]!.indent < 0 || lines[i]!.indent > parentIndent)) {
      const line = lines[i]!;
      if (line.indent >= 0 && indent < 0) indent = line.indent;
      body.push(line.indent < 0 ? '' : line.raw.slice(indent));
      i++;
    }
    while (body.at(-1) === '') body.pop();
    return style === '|-' ? body.join('\n') : `${body.join('\n')}\n`;
  }

  function valueAfterKey(rest: string, indent: number): Yaml {
    if (rest === '|' || rest === '|-') return literal(indent, rest);
    if (rest !== '' && !rest.startsWith('#')) return scalar(rest);
    skip();
    if (i < lines.length && lines[i]!.indent > indent) return block();
    return null;
  }

  function mapping(indent: number): { [key: string]: Yaml } {
    const out: { [key: string]: Yaml } = {};
    for (skip(); i < lines.length && lines[i]!.indent === indent && !isItem(lines[i]!); skip()) {
      const m = /^("[^"]*"|[^\s"'#:][^:#]*?):(?:\s+(.*))?$/.exec(lines[i]!.text) ?? fail(`expected "key: value", got ${lines[i]!.text}`);
      const key = m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!;
      if (key in out) fail(`duplicate key ${key}`);
      i++;
      out[key] = valueAfterKey(m[2] ?? '', indent);
    }
    if (i < lines.length && lines[i]!.indent > indent) fail('unexpected indentation');
    return out;
  }

  function sequence(indent: number): Yaml[] {
    const out: Yaml[] = [];
    for (skip(); i < lines.length && lines[i]!.indent === indent && isItem(lines[i]!); skip()) {
      const content = lines[i]!.text.slice(2);
      if (/^[^\s"'#:][^:#]*?:(\s|$)/.test(content)) {
        lines[i] = { ...lines[i]!, indent: indent + 2, text: content };
        out.push(mapping(indent + 2));
      } else {
        i++;
        out.push(scalar(content));
      }
    }
    return out;
  }

  function block(): Yaml {
    skip();
    const line = lines[i]!;
    return isItem(line) ? sequence(line.indent) : mapping(line.indent);
  }

  const doc = block();
  skip();
  if (i < lines.length) fail('trailing content');
  return doc;
}

// ─── The files ──────────────────────────────────────────────────────────────────────────────

type Step = { name?: string; id?: string; uses?: string; run?: string; shell?: string; if?: string; env?: Record<string, string>; with?: Record<string, Yaml> };
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parseYaml(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as unknown as Action;
const workflow = parseYaml(readFileSync(join(repoRoot, 'examples/github-workflow.yml'), 'utf8')) as any;
const hooks = parseYaml(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as any[];

/** `npx safe-migrate <command> …` and `node "$SAFE_MIGRATE" <command> …` lines and their flags. */
function invocations(script: string): Array<{ command: string; flags: Array<{ flag: string; value?: string }> }> {
  const found = [];
  for (const line of script.split('\n')) {
    const m = /(?:^|\s)(?:npx\s+(?:--\S+\s+)*safe-migrate|node\s+"\$SAFE_MIGRATE")\s+([a-z][\w-]*)(.*)$/.exec(line);
    if (!m || line.trim().startsWith('#')) continue;
    const rest = m[2]!.split(/\s(?:>|\|\||&&|\|)\s/)[0]!;
    const flags = [...rest.matchAll(/(--[a-z][\w-]*)(?:\s+("[^"]*"|[^\s}-][^\s}]*))?/g)].map((f) => ({ flag: f[1]!, value: f[2]?.replace(/^"|"$/g, '') }));
    found.push({ command: m[1]!, flags });
  }
  return found;
}

describe('the YAML reader', () => {
  it('reads what it is given and refuses what it does not understand', () => {
    expect(parseYaml('a: 1\nb:\n  - x\n  - y: "q"\n    z: |\n      line\n\n      two\nc: \'it\'\'s\' # note\n')).toEqual({
      a: 1,
      b: ['x', { y: 'q', z: 'line\n\ntwo\n' }],
      c: "it's",
    });
    expect(() => parseYaml('a: b: c\n')).toThrow(/plain scalar/);
    expect(() => parseYaml('a: 1\na: 2\n')).toThrow(/duplicate key/);
    expect(() => parseYaml('a: [1, 2]\n')).toThrow(/unsupported/);
  });
});

describe('action.yml', () => {
  it('is a composite action with the documented inputs and outputs', () => {
    expect(action.name).toBeTruthy();
    expect(action.description).toBeTruthy();
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['path', 'since', 'format', 'upload-sarif']));
    expect(action.inputs.since!.default).toBe('${{ github.event.pull_request.base.sha }}');
    expect(action.inputs.format!.default).toBe('github');
    expect(action.inputs['upload-sarif']!.default).toBe('true');
    for (const input of Object.values(action.inputs)) expect(input.description).toBeTruthy();
    expect(Object.keys(action.outputs)).toEqual(['exit-code', 'sarif-file']);
  });

  it('has the steps a composite action needs: every run step has a shell, ids are unique, references resolve', () => {
    const ids = action.runs.steps.map((s) => s.id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    for (const step of action.runs.steps) {
      expect(step.name).toBeTruthy();
      expect(Boolean(step.uses) !== Boolean(step.run), step.name).toBe(true);
      if (step.run) expect(step.shell, step.name).toBe('bash');
    }
    const text = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
    for (const [, id] of text.matchAll(/steps\.([\w-]+)\.outputs/g)) expect(ids, `steps.${id}`).toContain(id);
    for (const [, name] of text.matchAll(/inputs\.([\w-]+)/g)) expect(Object.keys(action.inputs), `inputs.${name}`).toContain(name);
    const uses = action.runs.steps.map((s) => s.uses).filter(Boolean);
    expect(uses).toEqual(['actions/setup-node@v5', 'github/codeql-action/upload-sarif@v4']);
  });

  it('runs safe-migrate lint with SARIF, then with the chosen format, and only with flags the CLI has', async () => {
    const help = (await runCli(['lint', '--help'], { cwd: repoRoot })).stdout;
    const formats = /output format: ([\w, ]+) \(default/.exec(help)![1]!.split(', ');
    expect(formats).toContain(action.inputs.format!.default);
    const runs = action.runs.steps.flatMap((s) => invocations(s.run ?? ''));
    expect(runs.map((r) => r.command)).toEqual(['lint', 'lint']);
    expect(runs[0]!.flags).toContainEqual({ flag: '--format', value: 'sarif' });
    expect(runs[1]!.flags).toContainEqual({ flag: '--format', value: '$FORMAT' });
    for (const { flags } of runs) {
      expect(flags.map((f) => f.flag)).toEqual(expect.arrayContaining(['--since', '--dir', '--format']));
      for (const { flag } of flags) expect(help).toMatch(new RegExp(`\\s${flag}\\b`));
    }
  });

  it('uploads the SARIF file of the first run with codeql-action', () => {
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.with!.sarif_file).toBe('${{ steps.sarif.outputs.file }}');
    expect(upload.if).toContain("inputs.upload-sarif == 'true'");
  });
});

// ─── Running the action's shell steps ──────────────────────────────────────────────────────
// `uses:` steps are recorded, not run; `${{ }}` expressions are the few this action uses.

interface ActionRun {
  code: number;
  stdout: string;
  ran: string[];
  outputs: Record<string, Record<string, string>>;
}

function runAction(cwd: string, given: Record<string, string>, github: { baseSha?: string }): ActionRun {
  const context: Record<string, string> = { 'github.action_path': repoRoot, 'github.event.pull_request.base.sha': github.baseSha ?? '' };
  const inputs: Record<string, string> = {};
  const outputs: Record<string, Record<string, string>> = {};
  const lookup = (expr: string): string => {
    const e = expr.trim();
    const step = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
    if (step) return outputs[step[1]!]?.[step[2]!] ?? '';
    if (e.startsWith('inputs.')) return inputs[e.slice(7)] ?? '';
    if (e in context) return context[e]!;
    throw new Error(`unsupported expression ${e}`);
  };
  const evaluate = (text: string) => text.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => lookup(e));
  const condition = (expr: string) =>
    expr.split('&&').every((part) => {
      const m = /^\s*([\w.-]+)\s*(==|!=)\s*'([^']*)'\s*$/.exec(part) ?? [];
      if (!m[1]) throw new Error(`unsupported condition ${part}`);
      return (lookup(m[1]) === m[3]) === (m[2] === '==');
    });
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = name in given ? given[name]! : evaluate(spec.default ?? '');

  const temp = mkdtempSync(join(tmpdir(), 'sm-action-'));
  const ran: string[] = [];
  let stdout = '';
  for (const step of action.runs.steps) {
    if (step.if && !condition(step.if)) continue;
    ran.push(step.name!);
    if (step.uses) continue;
    const outputFile = join(temp, `output-${ran.length}`);
    writeFileSync(outputFile, '');
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', DATABASE_URL: undefined, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: temp };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(String(v));
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd, env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
    stdout += result.stdout;
    if (step.id) outputs[step.id] = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    if (result.status !== 0) return { code: result.status ?? 1, stdout, ran, outputs };
  }
  return { code: 0, stdout, ran, outputs };
}

const CLEAN = '-- migrate:up\nCREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text);\n-- migrate:down\nDROP TABLE notes;\n';
const DROPS = '-- migrate:up\nDROP TABLE users;\n-- migrate:down\nSELECT 1;\n';

/** A repository whose base commit has a clean migration and a dropping one, and whose PR adds a clean one. */
function pullRequestRepo(added: Record<string, string>): { cwd: string; base: string } {
  const cwd = makeProject({ 'db/migrations/0001_notes.sql': CLEAN, 'db/migrations/0002_drop_users.sql': DROPS });
  mkdirSync(join(cwd, 'node_modules'));
  symlinkSync(repoRoot, join(cwd, 'node_modules/safe-migrate'), 'dir');
  writeFileSync(join(cwd, '.gitignore'), 'node_modules/\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-qm', 'base');
  const base = git('rev-parse', 'HEAD');
  git('checkout', '-qb', 'feature');
  writeFiles(cwd, added);
  git('add', '.');
  git('commit', '-qm', 'pr', '--allow-empty');
  return { cwd, base };
}

describe('running the action', () => {
  it('lints only what the pull request adds: clean → exit 0, SARIF written and uploaded', () => {
    const { cwd, base } = pullRequestRepo({ 'db/migrations/0003_more_notes.sql': CLEAN.replaceAll('notes', 'more_notes') });
    const run = runAction(cwd, { path: 'db/migrations' }, { baseSha: base });
    expect(run.code).toBe(0);
    expect(run.ran).toEqual(['Set up Node.js', 'Find safe-migrate', 'Resolve the base ref', 'Lint (SARIF for code scanning)', 'Upload SARIF', 'Lint']);
    expect(run.outputs.cli!.bin).toBe(join(cwd, 'node_modules/safe-migrate/bin/safe-migrate.js'));
    expect(run.outputs.base!.ref).toBe(base);
    const sarif = JSON.parse(readFileSync(run.outputs.sarif!.file!, 'utf8'));
    expect(sarif.runs[0].results).toEqual([]);
    expect(run.outputs.lint!['exit-code']).toBe('0');
  }, 60_000);

  it('fails the job with annotations when the pull request adds an error finding', () => {
    const { cwd, base } = pullRequestRepo({ 'db/migrations/0003_drop_notes.sql': DROPS.replace('users', 'notes') });
    const run = runAction(cwd, { path: 'db/migrations' }, { baseSha: base });
    expect(run.code).toBe(1);
    expect(run.outputs.lint!['exit-code']).toBe('1');
    expect(run.outputs.sarif!['exit-code']).toBe('1');
    const sarif = JSON.parse(readFileSync(run.outputs.sarif!.file!, 'utf8'));
    expect(sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri)).toEqual(['db/migrations/0003_drop_notes.sql']);
    expect(run.stdout).toMatch(/^::error file=db\/migrations\/0003_drop_notes\.sql,line=2,col=1,title=safe-migrate drop-table::/m);
    expect(run.stdout).not.toContain('0002_drop_users');
  }, 60_000);

  it('lints the whole directory when there is no base (push), and skips the upload when asked', () => {
    const { cwd } = pullRequestRepo({ 'db/migrations/0003_more_notes.sql': CLEAN.replaceAll('notes', 'more_notes') });
    const run = runAction(cwd, { path: 'db/migrations', 'upload-sarif': 'false', format: 'text' }, {});
    expect(run.ran).not.toContain('Upload SARIF');
    expect(run.ran).not.toContain('Lint (SARIF for code scanning)');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('db/migrations/0002_drop_users.sql:2:1  error  drop-table');
  }, 60_000);

  it('exits 2 on bad input, and uploads nothing when no report was printed', () => {
    const { cwd, base } = pullRequestRepo({});
    const run = runAction(cwd, { path: 'no/such/dir' }, { baseSha: base });
    expect(run.code).toBe(2);
    expect(run.ran).not.toContain('Upload SARIF');
  }, 60_000);
});

describe('examples/github-workflow.yml', () => {
  const job = Object.values(workflow.jobs as Record<string, { steps: Step[] }>)[0]!;

  it('runs on pull requests with the permissions the upload needs', () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.permissions).toMatchObject({ contents: 'read', 'security-events': 'write' });
  });

  it('checks out the full history, then uses this action with inputs it has', () => {
    expect(job.steps[0]).toMatchObject({ uses: expect.stringMatching(/^actions\/checkout@v\d+$/), with: { 'fetch-depth': 0 } });
    const step = job.steps.find((s) => s.uses?.startsWith('safe-migrate/safe-migrate@'))!;
    expect(step).toBeDefined();
    for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs), input).toContain(input);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hook = hooks.find((h) => h.id === 'safe-migrate-lint');

  it('defines safe-migrate-lint as a node hook running the package bin', () => {
    expect(hook).toMatchObject({ name: expect.any(String), entry: 'safe-migrate lint', language: 'node', pass_filenames: true });
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.bin)).toContain(hook.entry.split(' ')[0]);
    expect(pkg.scripts.prepare).toBeTruthy(); // pre-commit installs the repository, which must build itself
  });

  it('matches migration files under a migrations directory, and nothing else', () => {
    const files = new RegExp(hook.files);
    for (const path of ['migrations/0001_a.sql', 'db/migrations/0002_b.up.sql', 'prisma/migrations/20230101_x/migration.sql', 'migrations/0003_c.mjs', 'migrations/0004_d.cjs', 'migrations/0005_e.js']) {
      expect(files.test(path), path).toBe(true);
    }
    for (const path of ['src/index.js', 'migrations/README.md', 'sql/0001_a.sql', 'my-migrations/0001_a.sql', 'migrations/notes.txt']) expect(files.test(path), path).toBe(false);
  });

  it('runs as pre-commit would: lint with the staged files as arguments', async () => {
    const cwd = makeProject({ 'migrations/0001_notes.sql': CLEAN, 'migrations/0002_drop.sql': DROPS });
    const [ok, bad] = await Promise.all([
      runCli([...hook.entry.split(' ').slice(1), 'migrations/0001_notes.sql'], { cwd }),
      runCli([...hook.entry.split(' ').slice(1), 'migrations/0001_notes.sql', 'migrations/0002_drop.sql'], { cwd }),
    ]);
    expect(ok.code).toBe(0);
    expect(bad.code).toBe(1);
  });
});
