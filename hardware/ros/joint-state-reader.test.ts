import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PANDA } from '../../robot/panda/panda.js';
import { Robot } from '../../robot/robot.js';
import { createObservation } from '../robot-driver.js';
import { JointStateReader } from './joint-state-reader.js';

const robot = new Robot(PANDA);
const names = [...PANDA.armJoints, ...PANDA.gripperJoints];

test('a JointState whose finger velocities came as null (rosbridge: NaN) is read, velocities 0; a null position is refused', () => {
  const reader = new JointStateReader(names, PANDA.armJoints.length);
  const obs = createObservation(robot);
  const position = names.map((_, i) => 0.1 * i);
  const velocity = names.map((_, i) => (i >= 7 ? null : 0.5));
  assert.equal(reader.read({ name: names, position, velocity }, obs, 1000), null);
  assert.deepEqual(Array.from(obs.gripperQd), [0, 0]);
  assert.deepEqual(Array.from(obs.armQd), new Array(7).fill(0.5));
  assert.ok(Math.abs(obs.gripperQ[1]! - 0.8) < 1e-12);
  const bad = reader.read({ name: names, position: position.map((p, i) => (i === 3 ? null : p)), velocity }, obs, 2000);
  assert.match(bad!, /position of .*joint4 is null/);
  assert.equal(obs.receivedAt, 1000, 'a refused message changes nothing');
});
