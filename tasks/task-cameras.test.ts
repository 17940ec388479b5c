import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rotate } from '../math/quat.js';
import { cameraPose } from '../render/camera-config.js';
import { RegistryError } from '../errors.js';
import { METAWORLD_CAMERAS, taskCameras } from './task-cameras.js';
import { TASKS } from './registered-tasks.js';

// The camera axes MuJoCo 3.3.8 compiles from xyz_base.xml (cam_xmat), in ManiSkill's frame:
// forward = -z, left = -x, up = y of MuJoCo's camera.
const MUJOCO_AXES: Record<string, { forward: number[]; up: number[] }> = {
  corner: { forward: [0.680414, 0.680414, -0.272166], up: [-0.19245, -0.19245, -0.96225] },
  corner2: { forward: [-0.745705, 0.458242, -0.483671], up: [0.376208, -0.309549, -0.873297] },
  corner3: { forward: [-0.42738, 0.317133, -0.846624], up: [0.76075, -0.379818, -0.526305] },
  corner4: { forward: [-0.745705, 0.458242, -0.483671], up: [0.376208, -0.309549, -0.873297] },
  topview: { forward: [0, 0, -1], up: [0, 1, 0] },
};

test("Meta-World's fixed cameras look along MuJoCo's compiled axes, and every Meta-World task has them", () => {
  for (const c of METAWORLD_CAMERAS) {
    const pose = cameraPose(c);
    const want = MUJOCO_AXES[c.uid]!;
    const f = rotate(pose.q, { x: 1, y: 0, z: 0 });
    const u = rotate(pose.q, { x: 0, y: 0, z: 1 });
    for (const [got, axis] of [[f, want.forward], [u, want.up]] as const) {
      assert.ok(Math.hypot(got.x - axis[0]!, got.y - axis[1]!, got.z - axis[2]!) < 1e-5, `${c.uid}: ${JSON.stringify(got)} vs ${axis}`);
    }
    assert.deepEqual([c.width, c.height], [480, 480]);
  }
  for (const id of TASKS.ids()) {
    if (TASKS.get(id).family === 'Meta-World') assert.equal(taskCameras(id), METAWORLD_CAMERAS, id);
    else assert.notEqual(taskCameras(id), METAWORLD_CAMERAS, id);
  }
  assert.throws(() => taskCameras('nope-v0'), RegistryError);
});
