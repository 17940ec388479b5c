import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PICK_CUBE_TOPICS } from '../../test/hardware/twin-fixtures.js';
import { RawClient } from '../../test/hardware/rosbridge-replay.js';
import { RosDriver } from '../ros/ros-driver.js';
import { parseRosDriverConfig } from '../ros/ros-driver-config.js';
import { TwinServer } from './twin-server.js';

test('ROS 2 type names and stamps: the twin serves sensor_msgs/msg/JointState and the driver commands over JointTrajectory', async () => {
  await using twin = await TwinServer.start({ task: 'PickCube-v1', port: 0, rosVersion: 2 });
  const raw = await RawClient.open(twin.url);
  raw.ws.send(JSON.stringify({ op: 'subscribe', topic: '/joint_states', type: 'sensor_msgs/msg/JointState' }));
  const frame = JSON.parse(await raw.next()) as { msg: { header: Record<string, unknown> } };
  assert.deepEqual(Object.keys(frame.msg.header), ['stamp', 'frame_id']);
  assert.deepEqual(Object.keys(frame.msg.header['stamp'] as object), ['sec', 'nanosec']);
  await raw.close();
  await using driver = new RosDriver(parseRosDriverConfig({ driver: 'ros', url: twin.url, rosVersion: 2, controlMode: 'pd_joint_delta_pos', command: { interface: 'joint_trajectory', topic: '/arm/joint_trajectory' }, observationTopics: PICK_CUBE_TOPICS }), { log: () => {} });
  await driver.connect();
  const o = driver.getObservation();
  assert.ok(Math.abs(o.stamp - o.receivedAt) < 1000, 'ROS 2 stamps read');
  assert.equal(driver.sendAction([0.1, 0, 0, 0, 0, 0, 0, 1]).status, 'sent');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(twin.received.trajectory, 1);
});

test('ROS 1 joint states carry running header sequence numbers, as a real publisher sends them', async () => {
  await using twin = await TwinServer.start({ task: 'PickCube-v1', port: 0, rosVersion: 1 });
  const raw = await RawClient.open(twin.url);
  raw.ws.send(JSON.stringify({ op: 'subscribe', topic: '/joint_states', type: 'sensor_msgs/JointState' }));
  const seqs: number[] = [];
  for (let k = 0; k < 3; k++) seqs.push((JSON.parse(await raw.next()) as { msg: { header: { seq: number } } }).msg.header.seq);
  await raw.close();
  assert.ok(seqs[0]! >= 1 && seqs[1]! > seqs[0]! && seqs[2]! > seqs[1]!, `seq ${seqs.join(', ')}`);
});
