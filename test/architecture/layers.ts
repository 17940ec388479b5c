import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/**
 * The layers, lowest first (ARCHITECTURE.md says why). A file may import files of its own folder
 * and of any lower layer; folders that share a layer do not import each other. Files at the
 * repository root (errors, registry) sit with math/ at the bottom; the top layer is the
 * applications: the CLI, viewer, plots, trainers' drivers, benchmarks and tests.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['.', 'math'],
  ['robot'],
  ['sim'],
  ['render'],
  ['tasks'],
  ['policies', 'recording'],
  ['hardware'],
  ['rollout'],
  ['plots', 'viewer', 'trainers', 'cli', 'bench', 'test'],
];

/** One import that reaches a higher layer (or a sibling folder of the same layer). */
export interface LayerViolation {
  file: string;
  imports: string;
  fromLayer: string;
  toLayer: string;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The top folder of a repository-relative path ('.' for root files). */
function folderOf(path: string): string {
  const parts = path.split(sep);
  return parts.length === 1 ? '.' : parts[0]!;
}

function rankOf(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

/** Every .ts file under `root` outside node_modules, dist and dot folders, repository-relative. */
export function sourceFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(root, path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(relative(root, path));
  }
  return out;
}

/**
 * Check every import of the .ts files under `root` against LAYERS. A folder missing from LAYERS
 * is itself a violation (toLayer 'unlisted'), so a new folder has to be placed deliberately.
 */
export function checkLayering(root: string): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const file of sourceFiles(root)) {
    const from = folderOf(file);
    const fromRank = rankOf(from);
    // Tests sit next to the code they test but are applications: they may import anything.
    if (file.endsWith('.test.ts')) continue;
    if (fromRank < 0) {
      violations.push({ file, imports: '', fromLayer: from, toLayer: 'unlisted' });
      continue;
    }
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      const target = normalize(join(dirname(file), spec));
      if (target.startsWith('..')) continue;
      const to = folderOf(target);
      if (to === from) continue;
      const toRank = rankOf(to);
      const top = fromRank === LAYERS.length - 1;
      if (toRank < 0 || toRank > fromRank || (toRank === fromRank && !top && to !== '.' && from !== '.')) {
        violations.push({ file, imports: spec, fromLayer: from, toLayer: to });
      }
    }
  }
  return violations;
}
