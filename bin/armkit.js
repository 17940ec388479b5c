#!/usr/bin/env node
// The armkit command line. The TypeScript sources compile to dist/ (npm ci runs the build).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('armkit: dist/ is missing; run "npm ci" or "npm run build" in the checkout first\n');
  process.exit(1);
}
let cli;
try {
  cli = await import(entry.href);
} catch (e) {
  // A broken install (a native module that does not load): one line, unless asked for the stack.
  const debug = process.argv.includes('--debug') || process.env.ARMKIT_DEBUG === '1';
  const first = String(e?.message ?? e).split('\n')[0];
  process.stderr.write(`armkit: internal error: cannot load ${entry.pathname}: ${e?.name ?? typeof e}: ${first}${debug ? `\n${e?.stack ?? ''}` : ' (run with --debug for the stack)'}\n`);
  process.exit(1);
}
process.exitCode = await cli.runCli(process.argv.slice(2));
