#!/usr/bin/env node
// Diagnostic, not a benchmark: how many statements each tool sends for a fresh `up` of N
// migrations and for a no-op `up`, read from the server log (log_statement = all is set on the
// throwaway database only). Needs read access to the server's log file, so it runs only where
// the server is local: node bench/statements.mjs <server-log-file> [N=3] [--verbose]
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { adminQuery, cleanup, connectAdmin, createDatabase, fail, timeCommand } from './harness.mjs';
import { toolNames, tools, writeWorkspace } from './tools.mjs';

// Piped into `head`: a closed stdout must not kill the run before it drops its databases.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const [logFile, nArg] = args.filter((a) => !a.startsWith('--'));
if (!logFile) fail('usage: node bench/statements.mjs <server-log-file> [N] [--verbose]   (e.g. /var/log/postgresql/postgresql-15-main.log)');
const n = Number(nArg ?? 3);
try {
  readFileSync(logFile, { flag: 'r' }).subarray(0, 1);
} catch (error) {
  fail(`cannot read ${logFile}: ${error.message}`);
}

await connectAdmin();
const workDir = mkdtempSync(join(os.tmpdir(), 'safe-migrate-statements-'));
const ws = writeWorkspace(workDir, n, 'table');
const rows = [];
try {
  for (const name of toolNames) {
    const db = await createDatabase();
    await adminQuery(`ALTER DATABASE ${db} SET log_statement = 'all'`);
    const c = tools[name].command(ws, db);
    const counts = [];
    for (const phase of ['fresh', 'no-op']) {
      const start = statSync(logFile).size;
      timeCommand(`${name} ${phase} up`, c.command, c.args, { cwd: ws.dir, env: c.env });
      await new Promise((resolve) => setTimeout(resolve, 500)); // let the server flush its log
      const lines = readFileSync(logFile)
        .subarray(start)
        .toString()
        .split('\n')
        .filter((line) => line.includes(`@${db} LOG:  statement:`) || line.includes(`@${db} LOG:  execute`));
      counts.push(lines.length);
      if (verbose) process.stdout.write(`== ${name} ${phase}: ${lines.length}\n${lines.map((l) => `   ${l.replace(/^.*LOG: {2}/, '').slice(0, 140)}`).join('\n')}\n`);
    }
    rows.push(`| ${name} | ${counts[0]} | ${counts[1]} |`);
  }
} finally {
  await cleanup();
  rmSync(workDir, { recursive: true, force: true });
}
process.stdout.write(`\n| tool | fresh up of ${n} | no-op up |\n| --- | --- | --- |\n${rows.join('\n')}\n`);
