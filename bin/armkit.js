#!/usr/bin/env node
// The armkit command line. The TypeScript sources compile to dist/ (npm ci runs the build).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('armkit: dist/ is missing; run "npm ci" or "npm run build" in the checkout first\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
