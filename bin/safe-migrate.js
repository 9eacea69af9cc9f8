#!/usr/bin/env node
// `--version` answers without loading the CLI (start-up time, quality.md B3); everything else runs it.
const [flag, ...rest] = process.argv.slice(2);
if ((flag === '--version' || flag === '-v') && rest.length === 0) process.stdout.write(`${(await import('../dist/version.js')).VERSION}\n`);
else await (await import('../dist/cli/main.js')).main(process.argv);
