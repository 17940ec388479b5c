// HDF5 -> ManiSkill trajectory (.h5 + .json) -> HDF5 gives back every array bitwise; h5py reads the ManiSkill file's layout.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Hdf5DemoReader } from '../../recording/hdf5-demo-reader.js';
import { exportManiskill, importManiskill } from '../../recording/maniskill-trajectory.js';
import { writeSyntheticDemos } from './lerobot-fixture.js';

test('ManiSkill round trip: traj_N groups and json episodes, arrays back bitwise', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-maniskill-'));
  try {
    const h5 = join(dir, 'demos.hdf5');
    await writeSyntheticDemos(h5, 4);
    const traj = join(dir, 'trajectory.h5');
    exportManiskill(h5, traj);
    const meta = JSON.parse(readFileSync(join(dir, 'trajectory.json'), 'utf8'));
    assert.equal(meta.env_info.env_id, 'PickCube-v1');
    assert.deepEqual(meta.episodes.map((e: { episode_seed: number | null }) => e.episode_seed), [100, 101, null, 103]);
    assert.deepEqual(meta.episodes[0].reset_kwargs, { seed: 100 });
    const shapes = execFileSync('/usr/bin/python3', ['-c', `import h5py,sys\nf=h5py.File(sys.argv[1],'r')\nt=f['traj_1']\nprint(sorted(f.keys()), t['actions'].shape, t['obs'].shape, t['env_states'].shape, t['success'].shape, int(t['terminated'][-1]), int(t['truncated'][-1]))`, traj], { encoding: 'utf8' });
    // demo_1 has 3 + 7 = 10 steps and failed (odd index).
    assert.equal(shapes.trim(), "['traj_0', 'traj_1', 'traj_2', 'traj_3'] (10, 8) (11, 12) (11, 5) (10,) 0 1");
    const back = join(dir, 'back.hdf5');
    await importManiskill(traj, back);
    using a = new Hdf5DemoReader(h5);
    using b = new Hdf5DemoReader(back);
    const bytes = (x: ArrayBufferView) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    for (const name of a.demoNames) {
      const [x, y] = [a.demo(name), b.demo(name)];
      assert.deepEqual([y.seed, y.success, y.numSamples], [x.seed, x.success, x.numSamples]);
      for (const k of ['actions', 'states', 'rewards', 'interventions'] as const) assert.ok(bytes(y[k]).equals(bytes(x[k])), `${name} ${k}`);
      for (const key of a.obsKeys(name)) for (const next of [false, true]) assert.ok(bytes(b.observation(name, key, next)!.rows).equals(bytes(a.observation(name, key, next)!.rows)), `${name} ${key}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
