import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vec3 } from '../math/vec3.js';
import { robotFor } from '../tasks/make-env.js';
import { DriverWorld } from './driver-world.js';
import { createObservation } from './robot-driver.js';

test('a perceived object\'s velocity is the finite difference of its poses, held between updates, zero once it stops', () => {
  const robot = robotFor('panda');
  const world = new DriverWorld(robot, { objects: { cube: 'cube_pose' } });
  const obs = createObservation(robot);
  const [linear, angular] = [vec3(), vec3()];
  const at = (stamp: number, x: number, yaw: number) => {
    obs.stamp = stamp;
    obs.extras.set('cube_pose', Float32Array.of(x, 0, 0.02, Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)));
    world.refresh(obs, 0.04);
    world.objectVelocity('cube', linear, angular);
  };
  at(1000, 0.1, 0);
  assert.deepEqual([linear.x, angular.z], [0, 0], 'one pose: no velocity yet');
  at(1100, 0.12, 0.05);
  assert.ok(Math.abs(linear.x - 0.2) < 1e-5 && Math.abs(angular.z - 0.5) < 1e-4, `${linear.x} m/s, ${angular.z} rad/s`);
  at(1150, 0.12, 0.05);
  assert.ok(Math.abs(linear.x - 0.2) < 1e-5, 'a joint state between two perceived poses keeps the velocity');
  at(1400, 0.12, 0.05);
  assert.deepEqual([linear.x, angular.z], [0, 0], 'unchanged for 300 ms: at rest');
});
