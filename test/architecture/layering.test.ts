import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assetPath } from '../../robot/asset-path.js';
import { LAYERS, checkLayering } from './layers.js';

test('no source file imports a higher layer', () => {
  const violations = checkLayering(assetPath('.'));
  assert.deepEqual(violations.map((v) => `${v.file} -> ${v.imports} (${v.fromLayer} above ${v.toLayer}?)`), []);
});

test('the check fails on a planted upward import and on an unlisted folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'armkit-layers-'));
  try {
    for (const dir of ['sim', 'tasks', 'gadgets']) mkdirSync(join(root, dir));
    writeFileSync(join(root, 'tasks', 'task.ts'), 'export const x = 1;\n');
    writeFileSync(join(root, 'sim', 'scene.ts'), "import { x } from '../tasks/task.js';\nexport const y = x;\n");
    writeFileSync(join(root, 'sim', 'scene.test.ts'), "import { x } from '../tasks/task.js';\n");
    writeFileSync(join(root, 'gadgets', 'g.ts'), 'export {};\n');
    const v = checkLayering(root);
    assert.deepEqual(v.map((x) => [x.file, x.toLayer]), [['gadgets/g.ts', 'unlisted'], ['sim/scene.ts', 'tasks']]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('ARCHITECTURE.md lists the layers in the order the check enforces', () => {
  const note = readFileSync(assetPath('ARCHITECTURE.md'), 'utf8');
  const at = LAYERS.flat().filter((f) => f !== '.').map((f) => note.indexOf(`\`${f}/\``));
  assert.ok(at.every((i) => i >= 0), `every layer folder is named in ARCHITECTURE.md: ${LAYERS.flat().join(', ')}`);
  assert.deepEqual([...at].sort((a, b) => a - b), at, 'in the same order');
});
