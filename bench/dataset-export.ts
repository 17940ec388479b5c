// `npm run bench:dataset`: LeRobot v3.0 export of 1,000 state-only episodes (50 steps each,
// 12-d observations, 8-d actions, 5-d states), then import of the export. Floor: export <= 10 s.
// Figures on this shared machine are noisy (other processes load its cores).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportLerobot } from '../recording/lerobot-export.js';
import { importLerobot } from '../recording/lerobot-import.js';
import { writeSyntheticDemos } from '../test/recording/lerobot-fixture.js';

const EPISODES = 1000;
const dir = mkdtempSync(join(tmpdir(), 'armkit-bench-dataset-'));
try {
  const h5 = join(dir, 'demos.hdf5');
  let t = performance.now();
  await writeSyntheticDemos(h5, EPISODES, 50);
  const writeS = (performance.now() - t) / 1000;
  t = performance.now();
  const r = exportLerobot(h5, join(dir, 'lerobot'));
  const exportS = (performance.now() - t) / 1000;
  t = performance.now();
  await importLerobot(join(dir, 'lerobot'), join(dir, 'back.hdf5'));
  const importS = (performance.now() - t) / 1000;
  process.stdout.write(`${r.episodes} episodes, ${r.frames} frames: write HDF5 ${writeS.toFixed(2)} s, export LeRobot ${exportS.toFixed(2)} s (floor 10 s: ${exportS <= 10 ? 'met' : 'MISSED'}), import ${importS.toFixed(2)} s\n`);
  process.exitCode = exportS <= 10 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
