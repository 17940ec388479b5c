import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Robot } from '../robot.js';
import { PANDA } from '../panda/panda.js';
import { solveIk } from './solve-ik.js';
import { Rng } from '../../math/rng.js';
import { angleBetween } from '../../math/quat.js';

// Modified DH (Craig) straight from the public table, as 4x4 row-major matrices:
// T_i = Rx(alpha) Tx(a) Rz(theta) Tz(d).
const DH: [number, number, number][] = [
  [0, 0.333, 0], [0, 0, -Math.PI / 2], [0, 0.316, Math.PI / 2], [0.0825, 0, Math.PI / 2],
  [-0.0825, 0.384, -Math.PI / 2], [0, 0, Math.PI / 2], [0.088, 0, Math.PI / 2], [0, 0.107, 0],
];

function mul(a: number[], b: number[]): number[] {
  const c = new Array<number>(16).fill(0);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 4; k++) c[i * 4 + j]! += a[i * 4 + k]! * b[k * 4 + j]!;
  return c;
}

function dhFlange(q: number[]): number[] {
  let t = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  DH.forEach(([a, d, alpha], i) => {
    const th = i < 7 ? q[i]! : 0;
    const ca = Math.cos(alpha), sa = Math.sin(alpha), ct = Math.cos(th), st = Math.sin(th);
    t = mul(t, [ct, -st, 0, a, st * ca, ct * ca, -sa, -d * sa, st * sa, ct * sa, ca, d * ca, 0, 0, 0, 1]);
  });
  return t;
}

const robot = new Robot(PANDA);
const rest = PANDA.rest.qpos.slice(0, 7);

test('FK of the rest pose matches the DH table, flange and TCP', () => {
  const poses = robot.chain.linkPoses(rest);
  const flange = poses[robot.chain.linkNames.indexOf('panda_link8')]!;
  const t = dhFlange(rest);
  assert.ok(Math.abs(flange.p.x - t[3]!) < 1e-9 && Math.abs(flange.p.y - t[7]!) < 1e-9 && Math.abs(flange.p.z - t[11]!) < 1e-9,
    `flange ${JSON.stringify(flange.p)} vs DH ${[t[3], t[7], t[11]]}`);
  // TCP = flange + 0.1034 along the flange z axis (the hand's -45 deg yaw leaves z alone).
  const tcp = robot.chain.forward(rest);
  const want = [t[3]! + 0.1034 * t[2]!, t[7]! + 0.1034 * t[6]!, t[11]! + 0.1034 * t[10]!];
  assert.ok(Math.hypot(tcp.p.x - want[0]!, tcp.p.y - want[1]!, tcp.p.z - want[2]!) < 1e-9);
  // At rest the gripper points straight down.
  assert.ok(Math.abs(t[10]! + 1) < 1e-9, `flange z axis z-component ${t[10]}`);
});

test('FK matches the DH table at random configurations', () => {
  const rng = new Rng(5);
  for (let k = 0; k < 50; k++) {
    const q = rest.map((_, i) => rng.uniform(robot.chain.lower[i]!, robot.chain.upper[i]!));
    const poses = robot.chain.linkPoses(q);
    const flange = poses[robot.chain.linkNames.indexOf('panda_link8')]!;
    const t = dhFlange(q);
    assert.ok(Math.hypot(flange.p.x - t[3]!, flange.p.y - t[7]!, flange.p.z - t[11]!) < 1e-9);
  }
});

test('the Jacobian matches finite differences of FK', () => {
  const q = Float64Array.from(rest);
  const jac = robot.chain.jacobian(q);
  const h = 1e-6;
  const p0 = robot.chain.forward(q).p;
  for (let k = 0; k < 7; k++) {
    const dq = Float64Array.from(q);
    dq[k] = dq[k]! + h;
    const p1 = robot.chain.forward(dq).p;
    const fd = [(p1.x - p0.x) / h, (p1.y - p0.y) / h, (p1.z - p0.z) / h];
    for (let r = 0; r < 3; r++) assert.ok(Math.abs(jac[r * 7 + k]! - fd[r]!) < 1e-5, `J[${r},${k}]`);
  }
});

test('IK reaches reachable poses within 1 mm and respects joint limits', () => {
  const rng = new Rng(11);
  let reached = 0;
  const trials = 40;
  for (let k = 0; k < trials; k++) {
    // A reachable goal: FK of a random configuration near the rest pose.
    const qGoal = rest.map((v, i) => Math.min(robot.chain.upper[i]!, Math.max(robot.chain.lower[i]!, v + rng.uniform(-0.6, 0.6))));
    const goal = robot.chain.forward(qGoal);
    const q = Float64Array.from(rest);
    const res = solveIk(robot.chain, goal, q, { maxIterations: 200 });
    const got = robot.chain.forward(q);
    for (let i = 0; i < 7; i++) assert.ok(q[i]! >= robot.chain.lower[i]! && q[i]! <= robot.chain.upper[i]!);
    if (res.converged) {
      const err = Math.hypot(got.p.x - goal.p.x, got.p.y - goal.p.y, got.p.z - goal.p.z);
      assert.ok(err < 1e-3, `position error ${err}`);
      assert.ok(angleBetween(got.q, goal.q) < 5e-3);
      reached++;
    }
  }
  assert.ok(reached >= trials - 2, `IK converged on ${reached}/${trials}`);
});
