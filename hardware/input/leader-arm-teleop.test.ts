import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ros, Topic } from 'roslib';
import { makeEnv } from '../../tasks/make-env.js';
import { TeleopSession } from '../../rollout/teleop-session.js';
import { MemorySink } from '../../test/hardware/memory-sink.js';
import { startTwin } from '../../test/hardware/twin-fixtures.js';
import { ConfigError, InputDeviceError } from '../hardware-errors.js';
import { parseLeaderArmConfig } from './leader-arm-config.js';
import { LeaderArmLink } from './leader-arm-link.js';
import { LeaderArmTeleop, type Follower } from './leader-arm-teleop.js';
import type { EpisodeStep } from '../../recording/episode-sink.js';

/** Keeps the last recorded action too. */
class LastStepSink extends MemorySink {
  lastAction: Float32Array<ArrayBufferLike> = new Float32Array(8);
  override addStep(step: EpisodeStep): void {
    this.lastAction = step.action;
    super.addStep(step);
  }
}

const NAMES = ['panda_joint1', 'panda_joint2', 'panda_joint3', 'panda_joint4', 'panda_joint5', 'panda_joint6', 'panda_joint7'];
const FINGER = 'panda_finger_joint1';

function config(extra: Record<string, unknown> = {}) {
  return parseLeaderArmConfig({ url: 'ws://127.0.0.1:1', topic: '/joint_states', joints: NAMES, gripper: { joint: FINGER, open: 0.04, closed: 0 }, staleMs: 50, ...extra });
}

test('leader joint states become follower pd_joint_pos commands by name, within the safety limits; a stale leader holds the follower', () => {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_joint_pos' });
  env.reset({ seed: 1 });
  const arm = env.physics.scene.arm;
  const follower: Follower = { robot: arm.robot, measured: () => arm.q, controlHz: 20 };
  let now = 1000;
  const d = new LeaderArmTeleop(config(), follower, () => now);
  const q = [...arm.q];
  assert.deepEqual([...d.nextAction()].slice(0, 7), q.map(Math.fround), 'no leader state yet: hold');
  assert.equal(d.last, 'no-state');
  // Another order, an extra joint: mapped by name.
  const leader = q.map((x, i) => x + (i === 0 ? 0.02 : 0));
  const msg = (pos: number[], finger: number) => ({ name: ['extra', FINGER, ...[...NAMES].reverse()], position: [9, finger, ...[...pos].reverse()] });
  d.handleJointState(msg(leader, 0.02));
  let a = d.nextAction();
  assert.equal(d.last, 'follow');
  assert.deepEqual([...a].slice(0, 7), leader.map(Math.fround));
  assert.ok(Math.abs(a[7]!) < 1e-6, 'finger half open: gripper 0');
  // Far off: every joint moves at most one safe step (ManiSkill's velocity x 0.5 x 50 ms, under 0.1 rad).
  d.handleJointState(msg(q.map((x) => x + 1), 0));
  a = d.nextAction();
  assert.equal(d.last, 'clipped');
  const chain = arm.robot.chain;
  for (let i = 0; i < 7; i++) {
    const step = Math.min(0.1, chain.velocity[i]! * 0.5 * 0.05);
    assert.ok(a[i]! - q[i]! <= step + 1e-6 && a[i]! - q[i]! > 0, `joint ${i}: ${a[i]! - q[i]!} within ${step}`);
    assert.ok(a[i]! <= chain.upper[i]! - 0.01 + 1e-6);
  }
  assert.equal(a[7], -1, 'leader closed: follower closes');
  // A malformed message is refused and changes nothing.
  d.handleJointState({ name: NAMES, position: [1, 2] });
  assert.match(d.refused ?? '', /name\[\] has 7 entries, position\[\] 2/);
  d.handleJointState({ name: NAMES.slice(1), position: q.slice(1) });
  assert.match(d.refused ?? '', /joint panda_joint1 missing/);
  // Older than staleMs: the follower's measured joints, the gripper as it was.
  now += 51;
  a = d.nextAction();
  assert.equal(d.last, 'stale');
  assert.deepEqual([...a], [...q.map(Math.fround), -1]);
  d.handleKey('nxq');
  assert.deepEqual([d.nextCommand(), d.nextCommand(), d.nextCommand(), d.nextCommand()], ['start', 'discard', 'quit', undefined]);
  assert.throws(() => new LeaderArmTeleop(config({ joints: NAMES.slice(0, 6) }), follower), (e: unknown) => e instanceof InputDeviceError && /expected 7 joint names .*got 6/.test(e.message));
  assert.throws(() => parseLeaderArmConfig({ url: 'http://x', joints: [], staleMs: 0, gripper: { joint: FINGER, open: 1 } }), (e: unknown) => e instanceof ConfigError && e.problems.length === 4);
  assert.throws(() => config({ gripper: { joint: FINGER, open: 0.04, closed: 0.04 } }), /gripper\.closed: expected a position other than open/);
});

test('the twin as the leader arm: the follower tracks it over rosbridge through the session, and stops within one period once the leader goes quiet', async () => {
  await using twin = await startTwin(20);
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_joint_pos', maxEpisodeSteps: 1000 });
  const arm = env.physics.scene.arm;
  const device = new LeaderArmTeleop(config({ url: twin.url }), { robot: arm.robot, measured: () => arm.q, controlHz: 20 });
  using link = new LeaderArmLink(config({ url: twin.url }), device);
  const sink = new LastStepSink();
  const session = new TeleopSession(env, device, sink, 2);
  // The person moving the leader: a joint target for the twin's arm, which it drives to at its own rate.
  const ros = new Ros({ url: twin.url });
  await new Promise((resolve, reject) => {
    ros.on('connection', resolve);
    ros.on('error', reject);
  });
  const leaderQ = () => [...twin.sim.scene.arm.q];
  const goal = leaderQ().map((x, i) => x + [0.25, -0.15, 0, -0.2, 0, 0.15, 0.3][i]!);
  const command = new Topic({ ros, name: '/arm/joint_command', messageType: 'std_msgs/Float64MultiArray' });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  try {
    for (let i = 0; i < 100 && !link.connected; i++) await sleep(10);
    device.handleKey('n');
    const step = async () => {
      await sleep(50);
      await session.tick();
    };
    await step();
    assert.equal(session.phase, 'running');
    const chain = arm.robot.chain;
    let worst = 0;
    for (let k = 0; k < 40; k++) {
      command.publish({ layout: { dim: [], data_offset: 0 }, data: goal });
      const before = [...arm.q];
      await step();
      const a = sink.lastAction;
      for (let i = 0; i < 7; i++) {
        worst = Math.max(worst, Math.abs(a[i]! - before[i]!) - Math.min(0.1, chain.velocity[i]! * 0.5 * 0.05));
        assert.ok(a[i]! >= chain.lower[i]! + 0.01 - 1e-6 && a[i]! <= chain.upper[i]! - 0.01 + 1e-6, `step ${k} joint ${i} inside the limits`);
      }
    }
    assert.ok(worst <= 1e-5, `every command within one safe step of the measured joints (worst excess ${worst})`);
    const gap = arm.q.reduce((m, x, i) => Math.max(m, Math.abs(x - leaderQ()[i]!)), 0);
    assert.ok(gap < 0.02, `the follower caught up with the leader (largest joint gap ${gap.toFixed(4)} rad)`);
    // The leader keeps moving, then goes quiet mid-motion.
    const away = leaderQ().map((x, i) => x + (i === 0 ? -0.6 : 0));
    command.publish({ layout: { dim: [], data_offset: 0 }, data: away });
    await step();
    await step();
    twin.stall(true);
    const held: string[] = [];
    let stoppedAt = -1;
    for (let k = 0; k < 6; k++) {
      const before = [...arm.q];
      await step();
      held.push(device.last);
      const moved = arm.q.reduce((m, x, i) => Math.max(m, Math.abs(x - before[i]!)), 0);
      if (device.last === 'stale' && stoppedAt < 0) {
        stoppedAt = k;
        assert.ok(moved < 1e-3, `the first stale step holds the arm (moved ${moved})`);
      }
    }
    // Staleness is 50 ms (one period): the step after that holds; a tick here is at least 50 ms.
    assert.ok(stoppedAt >= 0 && stoppedAt <= 2, `held from step ${stoppedAt}: ${held.join(' ')}`);
  } finally {
    ros.close();
  }
  assert.equal(sink.discarded, 0);
});
