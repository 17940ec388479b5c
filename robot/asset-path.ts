import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArmkitError } from '../errors.js';

let root: string | null = null;

/**
 * Absolute path of a file shipped in the package (URDFs, fixtures), given relative to the
 * package root; works from the sources and from the compiled `dist/` tree alike.
 */
export function assetPath(relative: string): string {
  if (root === null) {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'package.json'))) {
      const up = dirname(dir);
      if (up === dir) throw new ArmkitError(`assetPath: armkit's package root not found (no package.json above ${fileURLToPath(import.meta.url)}); reinstall armkit`);
      dir = up;
    }
    root = dir;
  }
  return join(root, relative);
}
