#!/usr/bin/env node
// `--version` answers without loading the CLI (start-up time, quality.md B3); everything else runs
// it, from the bundle the build makes (scripts/bundle-cli.mjs: one module to load, not ~130).
const [flag, ...rest] = process.argv.slice(2);
if ((flag === '--version' || flag === '-v') && rest.length === 0) {
  process.stdout.write(`${(await import('../dist/version.js')).VERSION}\n`);
} else {
  await (await import('../dist/cli-bundle/main.js')).main(process.argv);
  // The command is done and has closed its connections: exit once the output is written, without
  // waiting for Node to tear down a heap that holds the parser's WebAssembly memory (~20 ms).
  const written = (stream) => new Promise((resolve) => (stream.writableLength === 0 ? resolve() : stream.write('', resolve)));
  await Promise.all([written(process.stdout), written(process.stderr)]);
  process.exit();
}
