import { type Pose, pose } from '../../math/pose.js';
import { copyQuat, fromRotationVector, multiply, normalize, quat } from '../../math/quat.js';
import { vec3, type Vec3 } from '../../math/vec3.js';
import type { KinematicChain } from '../kinematics/kinematic-chain.js';
import { solveIk, type IkOptions } from '../kinematics/solve-ik.js';
import type { ArmController, ControllerState } from './arm-controller.js';

/** An axis-aligned box (in the chain's base frame) that end-effector targets are clamped into. */
export interface Workspace {
  low: Vec3;
  high: Vec3;
}

/** A world-frame box as a Workspace of an arm whose base sits at `base` (unrotated). */
export function baseFrameBox(box: Workspace, base: Vec3): Workspace {
  const { low, high } = box;
  return { low: { x: low.x - base.x, y: low.y - base.y, z: low.z - base.z }, high: { x: high.x - base.x, y: high.y - base.y, z: high.z - base.z } };
}

/**
 * pd_ee_delta_pos and pd_ee_delta_pose: normalized translation (and axis-angle rotation)
 * deltas added to the measured TCP pose, the translation in the root frame, the rotation about
 * root-aligned axes at the TCP; the target is clamped into the workspace and solved to joint
 * targets by damped-least-squares IK warm-started at the measured qpos.
 */
export class EeDeltaController implements ArmController {
  readonly actionDim: number;
  readonly actionLow: Float32Array;
  readonly actionHigh: Float32Array;
  readonly target: Float64Array;
  /** The TCP pose the last action asked for, in the base frame. */
  readonly goal: Pose = pose();

  private readonly current = pose();
  private readonly delta = quat();
  private readonly rv = vec3();
  private readonly ik: Partial<IkOptions>;

  constructor(
    private readonly chain: KinematicChain,
    private readonly posLimit: number,
    private readonly rotLimit: number | null,
    private readonly workspace: Workspace | null,
    /** Without rotations, aim at the orientation of the last reset instead of the measured one. */
    private readonly holdOrientation = false,
  ) {
    this.actionDim = rotLimit === null ? 3 : 6;
    this.actionLow = new Float32Array(this.actionDim).fill(-1);
    this.actionHigh = new Float32Array(this.actionDim).fill(1);
    this.target = new Float64Array(chain.dof);
    this.ik = { maxIterations: 30, positionTolerance: 2e-5, rotationTolerance: 2e-4 };
  }

  reset(qpos: ArrayLike<number>): void {
    for (let i = 0; i < this.chain.dof; i++) this.target[i] = qpos[i]!;
    this.chain.forward(qpos, this.goal);
  }

  setAction(action: ArrayLike<number>, offset: number, qpos: ArrayLike<number>): void {
    const cur = this.chain.forward(qpos, this.current);
    const g = this.goal;
    const clip = (v: number) => Math.min(1, Math.max(-1, v));
    g.p.x = cur.p.x + clip(action[offset]!) * this.posLimit;
    g.p.y = cur.p.y + clip(action[offset + 1]!) * this.posLimit;
    g.p.z = cur.p.z + clip(action[offset + 2]!) * this.posLimit;
    if (this.workspace) {
      const { low, high } = this.workspace;
      g.p.x = Math.min(high.x, Math.max(low.x, g.p.x));
      g.p.y = Math.min(high.y, Math.max(low.y, g.p.y));
      g.p.z = Math.min(high.z, Math.max(low.z, g.p.z));
    }
    if (this.rotLimit === null) {
      if (!this.holdOrientation) copyQuat(cur.q, g.q);
    } else {
      const r = this.rotLimit;
      this.rv.x = clip(action[offset + 3]!) * r;
      this.rv.y = clip(action[offset + 4]!) * r;
      this.rv.z = clip(action[offset + 5]!) * r;
      normalize(multiply(fromRotationVector(this.rv, this.delta), cur.q, g.q), g.q);
    }
    for (let i = 0; i < this.chain.dof; i++) this.target[i] = qpos[i]!;
    solveIk(this.chain, g, this.target, this.ik);
  }

  getState(): ControllerState {
    const g = this.goal;
    return { target: [...this.target, g.p.x, g.p.y, g.p.z, g.q.w, g.q.x, g.q.y, g.q.z] };
  }

  setState(state: ControllerState): void {
    const n = this.chain.dof;
    this.target.set(state.target.slice(0, n));
    const [px, py, pz, qw, qx, qy, qz] = state.target.slice(n) as number[];
    Object.assign(this.goal.p, { x: px, y: py, z: pz });
    Object.assign(this.goal.q, { w: qw, x: qx, y: qy, z: qz });
  }
}
