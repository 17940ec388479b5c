import { composePose, invertPose, pose } from '../../math/pose.js';
import { conjugate, fromAxisAngle, fromRotationVector, multiply, normalize, toRotationVector } from '../../math/quat.js';
import { Rng } from '../../math/rng.js';
import { solveIk } from '../../robot/kinematics/solve-ik.js';
import { RateKeeper } from '../rate-keeper.js';
import { ResetError } from '../hardware-errors.js';
import { createObservation, type RobotDriver } from '../robot-driver.js';
import type { EpisodeReset, ResetContext } from './episode-reset.js';

// Largest TCP move per reset waypoint, m.
const WAYPOINT_STEP = 0.03;

/** SERL's reset: rest pose plus a bounded random offset, a full joint reset every N episodes. */
export interface SerlResetConfig {
  kind: 'serl';
  /** Arm rest joints, rad (default: the robot's rest keyframe). */
  restQ?: number[];
  /** Largest random TCP offset per axis, m (default 0.02). */
  offsetXyz?: number;
  /** Largest random yaw about world z, rad (default 0.1). */
  offsetYaw?: number;
  /** Every this many episodes go to restQ exactly (default 10; 0 never). */
  fullResetEvery?: number;
  /** Fraction of velocity limits while resetting (default: the safety config's resetVelocityScale). */
  velocityScale?: number;
  /** Give up after this long, s (default 10). */
  timeoutS?: number;
  /** Arrived when every joint is this close, rad (default 0.01). */
  tolerance?: number;
  /** Ask the robot side to reset the scene first (twin, sim) on an episode's first try (default true). */
  sceneReset?: boolean;
}

/**
 * Moves the arm to its rest pose plus a random TCP offset (solved by IK) under tighter speed
 * limits, checking that it arrives before a timeout; every fullResetEvery episodes it goes to
 * the rest joints exactly. Fingers open. Offsets come from a generator seeded per episode.
 */
export class SerlReset implements EpisodeReset {
  constructor(readonly config: SerlResetConfig = { kind: 'serl' }) {}

  async reset(driver: RobotDriver, ctx: ResetContext): Promise<void> {
    const c = this.config;
    if ((c.sceneReset ?? true) && ctx.attempt === 0) await driver.resetScene?.(ctx.seed);
    const target = this.target(driver, ctx);
    const gripper = driver.robot.description.controllers[driver.actionFeatures.controlMode].gripper?.upper ?? 0;
    const rate = new RateKeeper(ctx.realTime ? driver.controlHz : Infinity);
    const obs = createObservation(driver.robot);
    const tol = c.tolerance ?? 0.01;
    const deadline = performance.now() + (c.timeoutS ?? 10) * 1000;
    const maxSteps = Math.ceil((c.timeoutS ?? 10) * driver.controlHz);
    const goal = driver.robot.chain.forward(target);
    const command = new Float64Array(target.length);
    for (let step = 0; ; step++) {
      await rate.wait();
      driver.getObservation(obs);
      let worst = 0;
      let joint = 0;
      for (let i = 0; i < target.length; i++) {
        const e = Math.abs(obs.armQ[i]! - target[i]!);
        if (e > worst) [worst, joint] = [e, i];
      }
      if (worst <= tol) return;
      if (performance.now() > deadline || step >= maxSteps) {
        throw new ResetError(`reset did not arrive within ${c.timeoutS ?? 10} s: joint ${joint} is ${worst.toFixed(4)} rad away (tolerance ${tol})`);
      }
      this.waypoint(driver, obs.armQ, goal, target, command);
      const r = driver.sendJointTarget(command, gripper, { velocityScale: c.velocityScale ?? Infinity });
      if (r.status === 'held' && (r.reason === 'disconnected' || r.reason === 'estop' || r.reason === 'not-armed' || r.reason === 'outside-box' || r.reason === 'outside-limits')) {
        throw new ResetError(`reset stopped: command held (${r.reason})`);
      }
    }
  }

  /**
   * Far from the goal, a short straight TCP move toward it (solved by IK from the measured joints):
   * the box is convex, so a Cartesian path between two points inside it stays inside, where a
   * straight joint-space path from an arm resting on the box floor may dip below it and stall.
   * Near the goal, the goal joints themselves.
   */
  private waypoint(driver: RobotDriver, q: Float64Array, goal: ReturnType<RobotDriver['robot']['chain']['forward']>, target: Float64Array, out: Float64Array): void {
    const chain = driver.robot.chain;
    const cur = chain.forward(q, this.scratch);
    const dx = goal.p.x - cur.p.x;
    const dy = goal.p.y - cur.p.y;
    const dz = goal.p.z - cur.p.z;
    const dist = Math.hypot(dx, dy, dz);
    if (dist <= WAYPOINT_STEP) {
      out.set(target);
      return;
    }
    const f = WAYPOINT_STEP / dist;
    const rv = toRotationVector(multiply(goal.q, conjugate(cur.q)));
    const way = pose({ x: cur.p.x + f * dx, y: cur.p.y + f * dy, z: cur.p.z + f * dz }, normalize(multiply(fromRotationVector({ x: rv.x * f, y: rv.y * f, z: rv.z * f }), cur.q)));
    out.set(q);
    solveIk(chain, way, out);
  }

  private readonly scratch = pose();

  /** The joint target of this reset. */
  target(driver: RobotDriver, ctx: ResetContext): Float64Array {
    const d = driver.robot.description;
    const c = this.config;
    const rest = Float64Array.from(c.restQ ?? d.rest.qpos.slice(0, driver.robot.chain.dof));
    const every = c.fullResetEvery ?? 10;
    if (every > 0 && ctx.episode % every === 0 && ctx.attempt === 0) return rest;
    const rng = new Rng(ctx.seed * 9973 + ctx.attempt);
    const xyz = c.offsetXyz ?? 0.02;
    const yaw = c.offsetYaw ?? 0.1;
    const base = d.rest.basePose;
    const tcp = composePose(base, driver.robot.chain.forward(rest));
    tcp.p.x += rng.uniform(-xyz, xyz);
    tcp.p.y += rng.uniform(-xyz, xyz);
    tcp.p.z += rng.uniform(-xyz, xyz);
    tcp.q = multiply(fromAxisAngle({ x: 0, y: 0, z: 1 }, rng.uniform(-yaw, yaw)), tcp.q);
    const goal = composePose(invertPose(base), tcp, pose());
    const q = Float64Array.from(rest);
    solveIk(driver.robot.chain, goal, q);
    return q;
  }
}
