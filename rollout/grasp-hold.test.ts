import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSimEnv } from '../tasks/make-env.js';
import { PickCubeExpert } from '../policies/scripted/pick-cube-expert.js';
import { PANDA } from '../robot/panda/panda.js';
import { measureGraspHold } from './grasp-hold.js';

// Seed 0: with the URDF's 0.1 kg fingers (the earlier default drive) its cube drops 78 mm in
// the fingers over this hold.
test('a cube held still for 10 s stays within 2 mm of its grasp pose relative to the TCP', async () => {
  using sim = makeSimEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
  const expert = new PickCubeExpert(sim.observationSpace);
  // From the moment of success: along gravity (the creep).
  const fromGrasp = await measureGraspHold(sim, expert, { seed: 0, holdSeconds: 10, settleSeconds: 0 });
  assert.ok(Math.abs(fromGrasp.drop) <= 0.002, `the cube dropped ${(1000 * fromGrasp.drop).toFixed(2)} mm in the hand`);
  assert.ok(fromGrasp.successAtEnd, 'still placed at the goal after the hold');
  const settled = await measureGraspHold(sim, expert, { seed: 0, holdSeconds: 10 });
  assert.ok(settled.maxShift <= 0.002, `the cube moved ${(1000 * settled.maxShift).toFixed(2)} mm in the hand`);
});

test('the finger bodies weigh what the drive says, after the snapshot restore of every reset', () => {
  using sim = makeSimEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
  sim.reset({ seed: 3 });
  const masses: number[] = [];
  sim.scene.world.forEachRigidBody((b) => {
    if (b.isDynamic() && b.handle !== sim.scene.body('cube').handle) masses.push(b.mass());
  });
  assert.deepEqual(masses.map((m) => m.toFixed(4)), [PANDA.fingerDrive.mass, PANDA.fingerDrive.mass].map((m) => m.toFixed(4)));
});
