import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';

/** Steer the TCP to (x, y, z) with Meta-World's 4-d action and gripper `effort`, for at most n steps. */
function go(env: SimEnv, x: number, y: number, z: number, effort: number, n: number, tolerance = 0.002): void {
  for (let i = 0; i < n; i++) {
    const t = env.scene.arm.tcpWorld().p;
    if (tolerance > 0 && Math.hypot(x - t.x, y - t.y, z - t.z) < tolerance) return;
    const clip = (v: number) => Math.max(-1, Math.min(1, v));
    env.step([clip((x - t.x) * 50), clip((y - t.y) * 50), clip((z - t.z) * 50), effort]);
  }
}

/** Grasp push-v3's 0.75 kg cylinder at `effort`: the squeeze of each finger (N), then its slip (m) over a 4 s hold 0.2 m up. */
function gripAndHold(effort: number, seed: number): { squeeze: number[]; slip: number; lifted: number } {
  using env = makeSimEnv('push-v3', {});
  env.reset({ seed });
  const o = { ...env.scene.body('obj').translation() };
  go(env, o.x, o.y, 0.1, -1, 200);
  go(env, o.x, o.y, 0.02, -1, 200);
  const t = { ...env.scene.arm.tcpWorld().p };
  go(env, t.x, t.y, t.z, effort, 24, 0);
  const obj = env.scene.collider('obj').handle;
  const squeeze = env.scene.arm.fingerColliders().map((cs) => cs.reduce((f, c) => f + env.scene.contactForce(c, obj), 0));
  go(env, t.x, t.y, 0.22, effort, 200);
  const gap = () => env.scene.arm.tcpWorld().p.z - env.scene.body('obj').translation().z;
  const before = gap();
  for (let i = 0; i < 4 * env.spec.controlHz; i++) env.step([0, 0, 0, effort]);
  return { squeeze, slip: gap() - before, lifted: env.scene.body('obj').translation().z };
}

test("Meta-World's grip: the effort sets the squeeze (about 390 N per pad at 1, 30 N at 0.1), and the 0.75 kg object held 0.2 m up for 4 s slips <= 2 mm", () => {
  for (const [effort, low, high] of [[1, 330, 450], [0.1, 20, 45]] as const) {
    for (const seed of [0, 1, 2]) {
      const r = gripAndHold(effort, seed);
      // The pad that closed on the object's side (an off-centre grasp leaves the other finger
      // near its stop, pressing less).
      const pad = Math.max(...r.squeeze);
      assert.ok(pad >= low && pad <= high, `effort ${effort} seed ${seed}: ${r.squeeze.map((x) => x.toFixed(0)).join(', ')} N per pad`);
      assert.ok(r.lifted > 0.18, `effort ${effort} seed ${seed}: the object is up (${r.lifted.toFixed(3)} m)`);
      assert.ok(Math.abs(r.slip) <= 0.002, `effort ${effort} seed ${seed}: slipped ${(1000 * r.slip).toFixed(2)} mm`);
    }
  }
});
