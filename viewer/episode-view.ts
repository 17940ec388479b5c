import { composePose, pose } from '../math/pose.js';
import type { ControlMode } from '../robot/controllers/controller-config.js';
import { Hdf5DemoReader } from '../recording/hdf5-demo-reader.js';
import { RecordingError } from '../recording/recording-error.js';
import { demoLayoutOf, requireSeed } from '../recording/replay-demo.js';
import { RAPIER } from '../sim/rapier.js';
import type { Scene } from '../sim/scene.js';
import type { EnvPhysics } from '../tasks/env.js';
import { makeEnv } from '../tasks/make-env.js';

/** One collider's shape, in its own frame (capsules and cylinders stand along local y, as Rapier's). */
export type ShapeView =
  | { kind: 'box'; role: ShapeRole; half: [number, number, number] }
  | { kind: 'capsule' | 'cylinder'; role: ShapeRole; radius: number; halfHeight: number }
  | { kind: 'ball'; role: ShapeRole; radius: number };

/** What a collider belongs to, for colouring. */
export type ShapeRole = 'table' | 'object' | 'robot';

/** An episode as the viewer plays it: the shapes once, then every collider's pose at every step. */
export interface EpisodeView {
  task: string;
  demo: string;
  seed: number;
  controlHz: number;
  shapes: ShapeView[];
  /** frames[t]: for each shape x, y, z, qw, qx, qy, qz in the world; frame 0 is the reset state. */
  frames: number[][];
  /** Per step (frames 1..): reward and success. */
  rewards: number[];
  success: boolean[];
  /** The task's goal point, when it has one. */
  goal: [number, number, number] | null;
}

/**
 * Re-simulate one recorded demo (from its seed and actions, bitwise as `armkit replay` does)
 * and keep every collider's world pose after reset and after each step. A demo without
 * simulator states (a real arm's, recorded by `armkit deploy`) is shown as recorded instead:
 * the arm at its measured joints, the object and goal where perception put them.
 * @throws RecordingError when the demo does not exist.
 */
export function episodeView(file: string, demoIndex = 0): EpisodeView {
  using reader = new Hdf5DemoReader(file);
  const name = `demo_${demoIndex}`;
  if (!reader.demoNames.includes(name)) {
    throw new RecordingError(`${file}: no ${name}; the file holds ${reader.demoNames.length} demos (demo_0 .. demo_${reader.demoNames.length - 1})`);
  }
  const args = reader.armkitEnvArgs();
  const kw = args.env_kwargs;
  using env = makeEnv(args.env_name, { controlMode: kw.control_mode as ControlMode, rewardMode: kw.reward_mode as 'dense', sim: { simHz: kw.sim_freq, controlHz: kw.control_freq } });
  const demo = reader.demo(name, demoLayoutOf(env));
  const sim = env.physics;
  env.reset({ seed: requireSeed(demo, file) });
  const colliders = orderedColliders(sim.scene);
  const view: EpisodeView = {
    task: args.env_name,
    demo: name,
    seed: demo.seed!,
    controlHz: kw.control_freq,
    shapes: shapesOf(sim.scene, colliders),
    frames: [poses(sim.scene, colliders)],
    rewards: [],
    success: [],
    goal: goalOf(sim),
  };
  if (demo.stateDim === 0) return recordedView(reader, view, sim, colliders);
  const a = demo.actionDim;
  for (let t = 0; t < demo.numSamples; t++) {
    const r = env.step(demo.actions.subarray(t * a, (t + 1) * a));
    view.frames.push(poses(sim.scene, colliders));
    view.rewards.push(r.reward);
    view.success.push(r.info.success);
  }
  return view;
}

// Frame t from the observation before step t (the last from the one after it): no physics runs.
function recordedView(reader: Hdf5DemoReader, view: EpisodeView, sim: EnvPhysics, colliders: number[]): EpisodeView {
  const { scene } = sim;
  const read = (key: string) => [reader.observation(view.demo, key), reader.observation(view.demo, key, true)] as const;
  const [qpos, qposNext] = read('qpos');
  if (!qpos || !qposNext) throw new RecordingError(`${reader.path}: ${view.demo} has neither simulator states nor obs/qpos; there is nothing to show`);
  const [obj, objNext] = read('obj_pose');
  const [goal] = read('goal_pos');
  const objects = scene.dynamicObjects();
  const dof = scene.robot.chain.dof;
  const steps = qpos.rows.length / qpos.width;
  const row = (t: number, at: { rows: Float32Array; width: number }, next: { rows: Float32Array; width: number }) =>
    t < steps ? at.rows.subarray(t * at.width, (t + 1) * at.width) : next.rows.subarray((t - 1) * next.width, t * next.width);
  view.frames = [];
  for (let t = 0; t <= steps; t++) {
    const q = row(t, qpos, qposNext);
    scene.arm.teleport(q, q[dof] ?? 0);
    if (obj && objNext && objects.length === 1) {
      const p = row(t, obj, objNext);
      scene.placeObject(objects[0]!, { p: { x: p[0]!, y: p[1]!, z: p[2]! }, q: { w: p[3]!, x: p[4]!, y: p[5]!, z: p[6]! } });
    }
    view.frames.push(poses(scene, colliders));
  }
  const demo = reader.demo(view.demo);
  view.rewards = Array.from(demo.rewards);
  view.success = view.rewards.map((_, t) => demo.success === true && t === steps - 1);
  if (goal) view.goal = [goal.rows[0]!, goal.rows[1]!, goal.rows[2]!];
  return view;
}

// Collider handles in a fixed order: a Rapier world lists them in storage order, which a
// snapshot restore keeps; sorting makes the order independent of that.
function orderedColliders(scene: Scene): number[] {
  const handles: number[] = [];
  scene.world.forEachCollider((c) => {
    if (shapeKind(c.shapeType()) !== null) handles.push(c.handle);
  });
  return handles.sort((x, y) => x - y);
}

function shapeKind(t: number): ShapeView['kind'] | null {
  if (t === RAPIER.ShapeType.Cuboid) return 'box';
  if (t === RAPIER.ShapeType.Capsule) return 'capsule';
  if (t === RAPIER.ShapeType.Cylinder) return 'cylinder';
  if (t === RAPIER.ShapeType.Ball) return 'ball';
  return null;
}

function shapesOf(scene: Scene, handles: number[]): ShapeView[] {
  const objects = new Set(scene.dynamicObjects().flatMap((n) => scene.colliders(n)));
  return handles.map((h) => shapeOf(scene, h, objects));
}

function shapeOf(scene: Scene, handle: number, objects: Set<number>): ShapeView {
  const c = scene.world.getCollider(handle);
  const role: ShapeRole = handle === scene.collider('table').handle ? 'table' : objects.has(handle) ? 'object' : 'robot';
  const kind = shapeKind(c.shapeType())!;
  if (kind === 'box') {
    const h = c.halfExtents()!;
    return { kind, role, half: [h.x, h.y, h.z] };
  }
  if (kind === 'ball') return { kind, role, radius: c.radius() };
  return { kind, role, radius: c.radius(), halfHeight: c.halfHeight() };
}

// From each body's pose and the collider's offset on it: a collider's own world pose is only
// refreshed by the next physics step, so right after a reset it still shows the last episode.
function poses(scene: Scene, handles: number[]): number[] {
  const out: number[] = [];
  const world = pose();
  for (const h of handles) {
    const c = scene.world.getCollider(h);
    const body = c.parent();
    if (body) {
      const local = { p: c.translationWrtParent()!, q: c.rotationWrtParent()! };
      composePose({ p: body.translation(), q: body.rotation() }, local, world);
    } else {
      Object.assign(world.p, c.translation());
      Object.assign(world.q, c.rotation());
    }
    out.push(world.p.x, world.p.y, world.p.z, world.q.w, world.q.x, world.q.y, world.q.z);
  }
  return out;
}

function goalOf(sim: EnvPhysics): [number, number, number] | null {
  const goal = sim.goal;
  return [goal.x, goal.y, goal.z];
}
