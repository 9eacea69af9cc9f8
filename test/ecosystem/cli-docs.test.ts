// The user docs must describe the CLI that exists: docs/cli.md carries the real --help of every
// command (regenerated in memory and compared), every command line shown in the guides uses real
// commands, flags and formats, relative links resolve, and docs/exit-codes.md lists every exit code.
// Needs `npm run build` first.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { repoRoot } from '../helpers/cli.js';

interface Generator {
  generate(root?: string): Promise<{ files: Record<string, string>; problems: string[] }>;
  readHelps(root?: string): Promise<Map<string, string>>;
  CLI_DOCS_FILE: string;
}

const GUIDES = ['docs/getting-started.md', 'docs/cli.md', 'docs/coming-from.md', 'docs/ci.md', 'docs/config.md'];

let gen: Generator;
let helps: Map<string, string>;

beforeAll(async () => {
  gen = (await import(pathToFileURL(join(repoRoot, 'scripts/gen-config-docs.mjs')).href)) as Generator;
  helps = await gen.readHelps(repoRoot);
});

const read = (file: string) => readFileSync(join(repoRoot, file), 'utf8');

/** Code blocks of a Markdown file with their info string (`sh`, `yaml`, …). */
function codeBlocks(markdown: string): Array<{ lang: string; body: string }> {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, body: m[2]! }));
}

/** `safe-migrate <command> [<sub>] …flags` invocations on one line (comments and redirections cut off). */
function invocations(text: string): Array<{ command: string; flags: Array<{ flag: string; value?: string }>; line: string }> {
  const found = [];
  for (const line of text.split('\n')) {
    const m = /(?:^|[\s"'(])safe-migrate(?:\.js"?)?\s+([a-z][\w-]*)((?:\s+[a-z][\w-]*)?)(.*)$/.exec(line);
    if (!m) continue;
    const rest = m[3]!.replace(/\s#.*$/, '').split(/\s(?:>|\|\||&&|\|)\s/)[0]!;
    const flags = [...rest.matchAll(/(?:^|\s)(--?[a-z][\w-]*)(?:[ =]("[^"]*"|'[^']*'|[^\s-][^\s]*))?/g)].map((f) => ({ flag: f[1]!, value: f[2]?.replace(/^["']|["']$/g, '') }));
    found.push({ command: `${m[1]}${m[2] ?? ''}`.trim(), flags, line });
  }
  return found;
}

function helpOf(command: string): string | undefined {
  const words = command.split(/\s+/);
  // `colour status` is a command; `lint migrations` is lint with a path.
  return helps.get(words.slice(0, 2).join(' ')) ?? helps.get(words[0]!);
}

describe('docs/cli.md', () => {
  it('shows the current --help of every command, and has a section for each', async () => {
    const { files, problems } = await gen.generate(repoRoot);
    expect(problems).toEqual([]);
    expect(read(gen.CLI_DOCS_FILE), 'docs/cli.md help blocks are stale: run `npm run build && node scripts/gen-config-docs.mjs`').toBe(files[gen.CLI_DOCS_FILE]);
  });

  it('covers the commands the brief lists, each with an example', () => {
    const docs = read('docs/cli.md');
    for (const command of ['init', 'new', 'lint', 'plan', 'up', 'down', 'status', 'log', 'repair']) {
      expect(helps.has(command), command).toBe(true);
      const section = docs.split(/^## /m).find((s) => s.startsWith(`${command}\n`));
      expect(section, `## ${command}`).toBeDefined();
      expect(section).toMatch(new RegExp(`^npx safe-migrate ${command}\\b`, 'm'));
    }
  });
});

describe('command lines in the guides', () => {
  const cases = GUIDES.flatMap((file) =>
    codeBlocks(read(file))
      .filter((b) => ['sh', 'yaml', ''].includes(b.lang))
      .flatMap((b) => invocations(b.body).map((inv) => [file, inv.line.trim(), inv] as const)),
  );

  it('finds command lines to check', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  it.each(cases)('%s: %s', (_, __, inv) => {
    const help = helpOf(inv.command);
    expect(help, `no command "${inv.command}"`).toBeDefined();
    for (const { flag, value } of inv.flags) {
      if (flag === '--help' || flag === '--version') continue;
      expect(help, `${inv.command} has no ${flag}`).toMatch(new RegExp(`(^|[\\s,])${flag}\\b`, 'm'));
      if (flag === '--format' && value && !value.startsWith('$')) {
        const formats = /--format <format>\s+output format: ([\w, ]+?)(?:\s*\(default|$)/m.exec(help!)?.[1]?.split(/,\s*/);
        expect(formats, `${inv.command} --format ${value}`).toContain(value);
      }
    }
  });
});

describe('links', () => {
  it.each(GUIDES)('%s links only to files that exist', (file) => {
    const links = [...read(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    for (const link of links) expect(existsSync(resolve(dirname(join(repoRoot, file)), link)), `${file} → ${link}`).toBe(true);
  });
});

describe('docs/exit-codes.md', () => {
  const rows = read('docs/exit-codes.md')
    .split('\n')
    .map((line) => /^\| (\d+) \| (.+) \|$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ code: Number(m[1]), meaning: m[2]! }));

  it.each(Object.entries(ExitCode))('documents %s (%d)', (_, code) => {
    const row = rows.find((r) => r.code === code);
    expect(row, `exit code ${code} is not in docs/exit-codes.md`).toBeDefined();
    expect(row!.meaning.length).toBeGreaterThan(10);
  });

  it('documents no code the CLI does not use', () => {
    expect(rows.map((r) => r.code).sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });
});
