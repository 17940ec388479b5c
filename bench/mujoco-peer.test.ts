import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '../errors.js';
import { PANDA, Robot } from '../robot/index.js';
import { MujocoPandaScene, MujocoPeerError, runMujocoPeer } from './mujoco-peer.js';

const REST = [...PANDA.rest.qpos];
const BASE = PANDA.rest.basePose.p;

test('the MuJoCo TCP site matches armkit forward kinematics', async () => {
  const chain = new Robot(PANDA).chain;
  using scene = await MujocoPandaScene.create();
  const poses = [REST, [0.3, -0.5, 0.4, -2.0, -0.6, 1.9, -0.2, 0.01, 0.03], [-1.2, 1.1, -2.0, -0.3, 2.1, 0.4, 2.5, 0.04, 0]];
  for (const q of poses) {
    scene.reset(q, [0, 0]);
    const mj = scene.tcpPosition();
    const fk = chain.forward(q.slice(0, 7)).p;
    const want = { x: fk.x + BASE.x, y: fk.y + BASE.y, z: fk.z + BASE.z };
    for (const k of ['x', 'y', 'z'] as const) {
      assert.ok(Math.abs(mj[k] - want[k]) < 1e-6, `q = [${q}]: MuJoCo tcp.${k} ${mj[k]}, armkit ${want[k]}`);
    }
  }
});

test('position actuators hold the rest pose under gravity for 1 s', async () => {
  using scene = await MujocoPandaScene.create();
  scene.reset(REST, [0.1, 0]);
  scene.step(500);
  scene.checkStable();
  const q = scene.jointPositions();
  for (let i = 0; i < 7; i++) assert.ok(Math.abs(q[i]! - REST[i]!) < 0.02, `joint ${i + 1}: ${q[i]} vs target ${REST[i]}`);
  const cube = scene.cubePosition();
  assert.ok(Math.abs(cube.z - 0.02) < 1e-3, `the cube rests on the table, z = ${cube.z}`);
});

test('runMujocoPeer counts its steps and rejects bad input', async () => {
  const targets = Array.from({ length: 4 }, () => Float64Array.from(REST));
  const r = await runMujocoPeer({ targets, restQpos: REST });
  assert.equal(r.controlSteps, 4);
  assert.equal(r.physicsSteps, 100);
  assert.match(r.mujocoVersion, /^\d+\.\d+\.\d+/);
  await assert.rejects(runMujocoPeer({ targets: [new Float64Array(7)], restQpos: REST }), InvalidArgumentError);
  await assert.rejects(runMujocoPeer({ targets, restQpos: REST, controlHz: 30 }), InvalidArgumentError);
});

test('a model MuJoCo rejects throws its compiler message', async () => {
  // A massless free body is a compile error (mjCError), which escapes the binding as a C++ exception.
  await assert.rejects(MujocoPandaScene.create({ cubeDensity: 0 }), (e: unknown) => e instanceof MujocoPeerError && /mass and inertia/.test(e.message));
});
