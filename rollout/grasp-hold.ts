import { relativePose, type Pose } from '../math/pose.js';
import type { Vec3 } from '../math/vec3.js';
import type { Policy } from '../policies/policy.js';
import type { SimEnv } from '../tasks/sim-env.js';
import { EnvError } from '../tasks/env-errors.js';

/** How a grasp-hold measurement is run. */
export interface GraspHoldOptions {
  /** Seed of the episode whose grasp is held. */
  seed: number;
  /** Sim time to hold still once the policy has succeeded, s (the floor is over 10 s). */
  holdSeconds: number;
  /**
   * Sim time held before the measured hold starts, s, default 1: the grip settles there (the
   * finger pair, both motors at their force cap, slides along its closing axis with the object
   * by up to 7 mm, and the object may turn into the fingers), which is not creep.
   */
  settleSeconds?: number;
  /** Name of the held object in the scene, default 'cube'. */
  object?: string;
  /** Control steps the policy gets to reach success before the measurement gives up, default 200. */
  maxSteps?: number;
}

/** What a held object did while the arm stood still with the gripper closed. */
export interface GraspHoldResult {
  /** Control steps the policy took to succeed (the hold starts after them). */
  graspSteps: number;
  /** Drop of the object along world z relative to the TCP while the grip settled, m. */
  settleDrop: number;
  /** Drop of the object along world z relative to the TCP over the hold, m (positive: down in the fingers). */
  drop: number;
  /** Largest displacement of the object in the TCP frame from its pose at the start of the hold, m. */
  maxShift: number;
  /** drop / holdSeconds, m/s. */
  creep: number;
  /** The task's success after the hold. */
  successAtEnd: boolean;
  /** Control steps per second of the hold (env step only). */
  controlStepsPerSec: number;
}

/**
 * Let `policy` solve one episode of `env` (a task with a grasped object, PickCube-v1 for one),
 * then hold still for `settleSeconds` and `holdSeconds` more of sim time: zero arm delta, gripper closed (the last action
 * entry at its low end). Measures how far the object creeps in the fingers.
 * @throws Error when the policy does not succeed within maxSteps.
 */
export async function measureGraspHold(env: SimEnv, policy: Policy, o: GraspHoldOptions): Promise<GraspHoldResult> {
  const name = o.object ?? 'cube';
  const maxSteps = o.maxSteps ?? 200;
  policy.reset();
  let { obs, info } = env.reset({ seed: o.seed });
  const action = new Float32Array(env.actionSpace.shape[0]!);
  let graspSteps = 0;
  while (!info.success) {
    if (graspSteps++ >= maxSteps) throw new EnvError(`grasp hold: no success within ${maxSteps} steps (seed ${o.seed})`);
    await policy.act(obs as Float32Array, 1, action);
    ({ obs, info } = env.step(action));
  }
  action.fill(0);
  action[action.length - 1] = env.actionSpace.low[action.length - 1]!;
  const graspGap = worldGap(env, name);
  const settle = Math.round((o.settleSeconds ?? 1) * env.spec.controlHz);
  for (let s = 0; s < settle; s++) env.step(action);
  const start = inHand(env, name);
  const startGap = worldGap(env, name);
  let maxShift = 0;
  const steps = Math.round(o.holdSeconds * env.spec.controlHz);
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    ({ info } = env.step(action));
    const p = inHand(env, name);
    maxShift = Math.max(maxShift, Math.hypot(p.x - start.x, p.y - start.y, p.z - start.z));
  }
  const seconds = (performance.now() - t0) / 1000;
  const drop = worldGap(env, name) - startGap;
  return { graspSteps, settleDrop: startGap - graspGap, drop, maxShift, creep: drop / o.holdSeconds, successAtEnd: info.success, controlStepsPerSec: steps / seconds };
}

function objectPose(env: SimEnv, name: string): Pose {
  const b = env.scene.body(name);
  return { p: { ...b.translation() }, q: { ...b.rotation() } };
}

function inHand(env: SimEnv, name: string): Vec3 {
  return relativePose(env.scene.arm.tcpWorld(), objectPose(env, name)).p;
}

// Height of the TCP above the object's centre: grows as the object slides down in the fingers.
function worldGap(env: SimEnv, name: string): number {
  return env.scene.arm.tcpWorld().p.z - env.scene.body(name).translation().z;
}
