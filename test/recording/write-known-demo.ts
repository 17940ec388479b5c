// Writes a demo file with known values to argv[2] and prints those values as JSON, so the
// Python test can check that h5py reads back exactly what armkit wrote.
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { envArgsFor } from '../../recording/env-args.js';
import { makeEnv } from '../../tasks/make-env.js';

const env = makeEnv('PickCube-v1');
const writer = Hdf5DemoWriter.create(process.argv[2]!, envArgsFor(env.spec), { overwrite: true });
env.close();
const expected: unknown[] = [];
for (const [e, n] of [3, 5].entries()) {
  writer.beginEpisode({ seed: 40 + e, attrs: { source: 'known' } });
  const steps = [];
  for (let t = 0; t < n; t++) {
    const qpos = Float32Array.from({ length: 9 }, (_, i) => e + t / 10 + i / 100);
    const next = Float32Array.from({ length: 9 }, (_, i) => e + (t + 1) / 10 + i / 100);
    const image = Uint8Array.from({ length: 12 }, (_, i) => (i * 20 + t) % 256);
    const action = Float32Array.from({ length: 8 }, (_, i) => -1 + (i + t) / 8);
    const state = Float64Array.from({ length: 4 }, (_, i) => Math.PI * (e + 1) + t + i * 1e-12);
    const reward = 0.25 * t + 1 / 3;
    writer.addStep({ obs: { qpos, image }, nextObs: { qpos: next, image }, action, reward, done: t === n - 1, state, intervention: t === 1 });
    steps.push({ qpos: [...qpos], next: [...next], image: [...image], action: [...action], state: [...state], reward });
  }
  await writer.endEpisode({ success: e === 1 });
  expected.push({ seed: 40 + e, success: e === 1, steps });
}
await writer.close();
process.stdout.write(JSON.stringify(expected));
