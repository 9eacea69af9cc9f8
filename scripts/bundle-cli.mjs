#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js and everything it imports, commander and pg included)
// into a few ES modules in dist/cli-bundle/, for start-up time: Node 20 resolves, reads and
// compiles every ES module separately, and the CLI's ~130 small modules cost 50–100 ms before any
// work (quality.md B1–B4; docs/decisions.md "The CLI ships bundled"). Lazy imports stay lazy
// (code splitting), so `--help` still loads no parser or driver. The library API (dist/index.js)
// is not bundled. Packages that load files relative to themselves (the parser's WebAssembly, PGlite)
// or that only some commands need (knex) stay external and resolve from node_modules as usual.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli-bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist', 'cli', 'main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['knex', 'knex-pglite', '@electric-sql/pglite', 'libpg-query', 'pg-native'],
  // pg and its dependencies are CommonJS: give their `require` calls one to use.
  banner: { js: "import { createRequire as __safeMigrateRequire } from 'node:module'; const require = __safeMigrateRequire(import.meta.url);" },
  logLevel: 'warning',
});
