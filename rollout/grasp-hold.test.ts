import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSimEnv } from '../tasks/make-env.js';
import { PickCubeExpert } from '../policies/scripted/pick-cube-expert.js';
import { measureGraspHold } from './grasp-hold.js';

// The extra solver iterations that meet the creep floor (sim/DESIGN-ARM.md); not yet the default.
const GRASP = 12;

// Seed 0: without the extra grasp iterations its cube drops 78 mm in the fingers over this hold.
test('a cube held still for 10 s stays within 2 mm of its grasp pose relative to the TCP', async () => {
  using sim = makeSimEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose', sim: { graspSolverIterations: GRASP } });
  const expert = new PickCubeExpert(sim.observationSpace);
  // From the moment of success: along gravity (the creep).
  const fromGrasp = await measureGraspHold(sim, expert, { seed: 0, holdSeconds: 10, settleSeconds: 0 });
  assert.ok(Math.abs(fromGrasp.drop) <= 0.002, `the cube dropped ${(1000 * fromGrasp.drop).toFixed(2)} mm in the hand`);
  assert.ok(fromGrasp.successAtEnd, 'still placed at the goal after the hold');
  // Once the finger pair has stopped sliding along its closing axis (up to 1 s): in every direction.
  const settled = await measureGraspHold(sim, expert, { seed: 0, holdSeconds: 10 });
  assert.ok(settled.maxShift <= 0.002, `the cube moved ${(1000 * settled.maxShift).toFixed(2)} mm in the hand`);
});

test('the grasp solver iterations survive the snapshot restore of every reset', () => {
  using sim = makeSimEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose', sim: { graspSolverIterations: GRASP } });
  sim.reset({ seed: 3 });
  assert.equal(sim.scene.body('cube').additionalSolverIterations(), GRASP);
  let dynamic = 0;
  sim.scene.world.forEachRigidBody((b) => {
    if (!b.isDynamic()) return;
    dynamic++;
    assert.equal(b.additionalSolverIterations(), GRASP);
  });
  assert.equal(dynamic, 3, 'the cube and two fingers');
});
