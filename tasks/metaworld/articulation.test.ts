// Rapier impulse-joint articulations (sim/jointed-object.ts) as the Meta-World tasks use them:
// limits hold against a body driven past them, the kinematic hand at full speed neither
// tunnels through nor blows up a jointed object, and a seed replays bitwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../math/rng.js';
import type { RAPIER } from '../../sim/rapier.js';
import { makeSimEnv } from '../make-env.js';

// drawer.xml's 0.16 m plus the 2 mm standing in for MuJoCo's soft stop (drawer-object.ts).
const TRAVEL = 0.162;
const SLACK = 1e-3;
// Rapier's joint limits are impulse constraints, soft as MuJoCo's: rammed and thrashed at the
// hand's full speed the 0.38 kg drawer overshoots its stop for a step or two (measured 3.4 mm
// at most on this run).
const RAM_SLACK = 5e-3;

test('a drawer driven past its range at 2 m/s stops at the limit: its slide is the XML [-0.16, 0] m and 2 mm for the soft stop', () => {
  using env = makeSimEnv('drawer-open-v3', {});
  env.reset({ seed: 0 });
  // Lift the hand clear first: at its start its fingers stand 5 mm above the front wall's path.
  for (let t = 0; t < 10; t++) env.step(Float32Array.from([0, 0, 1, -1]));
  const hold = Float32Array.from([0, 0, 0, -1]);
  for (const [v, limit] of [[-2, -TRAVEL], [2, 0]] as const) {
    let extreme = v < 0 ? 1 : -1;
    for (let t = 0; t < 40; t++) {
      env.scene.body('drawer').setLinvel({ x: 0, y: v, z: 0 }, true);
      env.step(hold);
      const q = env.scene.jointPosition('drawer');
      extreme = v < 0 ? Math.min(extreme, q) : Math.max(extreme, q);
    }
    const q = env.scene.jointPosition('drawer');
    assert.ok(Math.abs(extreme - limit) < SLACK, `driven at ${v} m/s the drawer reached ${extreme}, its limit is ${limit}`);
    assert.ok(Math.abs(q - limit) < SLACK, `driven at ${v} m/s the drawer rests at ${q}, not at ${limit}`);
    const p = env.scene.body('drawer').translation();
    assert.ok(Math.abs(p.x - env.scene.body('drawer-base').translation().x) < 1e-4 && Math.abs(p.z - 0.09) < 1e-4, `the slide keeps the drawer on its axis: ${p.x}, ${p.z}`);
  }
});

test('the kinematic hand ramming the drawer at full speed (1 cm a step) and thrashing at random leaves it finite and within its range', () => {
  using env = makeSimEnv('drawer-close-v3', {});
  env.reset({ seed: 2 });
  const rng = new Rng(5);
  const a = new Float32Array(4);
  const check = (where: string) => {
    const q = env.scene.jointPosition('drawer');
    const p = env.scene.body('drawer').translation();
    assert.ok(Number.isFinite(q) && [p.x, p.y, p.z].every(Number.isFinite), `${where}: drawer at ${q}, ${p.x}, ${p.y}, ${p.z}`);
    assert.ok(q >= -TRAVEL - RAM_SLACK && q <= RAM_SLACK, `${where}: drawer at ${q}, outside [-0.162, 0] by over 5 mm`);
  };
  // Down in front of the open drawer's handle (bar at y 0.59, z 0.09), then full speed into it.
  const bar = env.scene.body('drawer').translation();
  for (let t = 0; t < 60; t++) {
    const tcp = env.scene.arm.tcpWorld().p;
    const aim = [bar.x, bar.y - 0.15 - 0.06, 0.09];
    a[0] = Math.max(-1, Math.min(1, (aim[0]! - tcp.x) * 50));
    a[1] = Math.max(-1, Math.min(1, (aim[1]! - tcp.y) * 50));
    a[2] = Math.max(-1, Math.min(1, (aim[2]! - tcp.z) * 50));
    a[3] = 1;
    env.step(a);
  }
  a.set([0, 1, 0, 1]);
  for (let t = 0; t < 80; t++) {
    env.step(a);
    check(`ramming step ${t}`);
  }
  assert.ok(env.scene.jointPosition('drawer') > -0.01, `rammed shut: ${env.scene.jointPosition('drawer')}`);
  for (let t = 0; t < 300; t++) {
    for (let i = 0; i < 3; i++) a[i] = rng.uniform(-1, 1) < 0 ? -1 : 1;
    a[3] = rng.uniform(-1, 1);
    env.step(a);
    check(`random step ${t}`);
  }
});

for (const task of ['drawer-open-v3', 'button-press-topdown-v3', 'window-open-v3', 'window-close-v3', 'door-open-v3']) test(`the same seed gives the same observations bitwise with a jointed object in the scene: ${task}`, () => {
  const run = () => {
    using env = makeSimEnv(task, {});
    const rng = new Rng(9);
    const out: number[] = [...(env.reset({ seed: 3 }).obs as Float32Array)];
    const a = new Float32Array(4);
    for (let t = 0; t < 150; t++) {
      for (let i = 0; i < 4; i++) a[i] = rng.uniform(-1, 1);
      out.push(...(env.step(a).obs as Float32Array));
    }
    return Float32Array.from(out);
  };
  const first = run();
  const second = run();
  assert.deepEqual(new Uint32Array(second.buffer), new Uint32Array(first.buffer));
});

test("a window's sash, a button and a door driven past their ranges stop at the limits: the XML's [0, 0.2] m slide and [-2, 0] rad hinge, the button's measured 0.094 m", () => {
  for (const [task, name, axis, limits] of [
    ['window-open-v3', 'window', 'x', [0, 0.2]],
    ['button-press-topdown-v3', 'button', 'z', [-0.094, 0]],
    ['door-open-v3', 'door', 'turn', [-2, 0]],
  ] as const) {
    using env = makeSimEnv(task, {});
    env.reset({ seed: 0 });
    // Lift the hand clear of the door's swing.
    for (let t = 0; t < 40; t++) env.step(Float32Array.from([0, 0, 1, -1]));
    const hold = Float32Array.from([0, 0, 0, -1]);
    for (const [v, limit] of [[2, limits[1]], [-2, limits[0]]] as const) {
      for (let t = 0; t < 40; t++) {
        // The door at 2 rad/s x 3: its handle moves at about 2 m/s too.
        if (axis === 'turn') spin(env.scene.body(name), 3 * v);
        else env.scene.body(name).setLinvel({ x: axis === 'x' ? v : 0, y: 0, z: axis === 'z' ? v : 0 }, true);
        env.step(hold);
      }
      const q = env.scene.jointPosition(name);
      assert.ok(Math.abs(q - limit) < SLACK, `${name} driven at ${v} m/s rests at ${q}, not at ${limit}`);
    }
  }
});

// Turn a hinged body about its origin (the hinge) at `w` rad/s about z: Rapier's angular
// velocity is about the centre of mass, so the centre moves at w x (centre - origin).
function spin(body: RAPIER.RigidBody, w: number): void {
  const o = body.translation();
  const c = body.worldCom();
  body.setAngvel({ x: 0, y: 0, z: w }, true);
  body.setLinvel({ x: -w * (c.y - o.y), y: w * (c.x - o.x), z: 0 }, true);
}
