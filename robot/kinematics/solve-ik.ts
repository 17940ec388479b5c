import { type Pose, pose } from '../../math/pose.js';
import { conjugate, multiply, quat, toRotationVector } from '../../math/quat.js';
import { vec3 } from '../../math/vec3.js';
import type { KinematicChain } from './kinematic-chain.js';

/** Options of the damped-least-squares solver. */
export interface IkOptions {
  /** Iterations at most (default 100). */
  maxIterations: number;
  /** Damping lambda of (J J^T + lambda^2 I) (default 0.05). */
  damping: number;
  /** Converged when the position error is below this, in m (default 1e-4). */
  positionTolerance: number;
  /** Converged when the rotation error is below this, in rad (default 1e-3). */
  rotationTolerance: number;
  /** Weight of the rotation error against the position error; 0 solves for position only (default 1). */
  rotationWeight: number;
  /** Largest joint change in one iteration, rad (default 0.2): keeps steps inside the linear region. */
  maxStep: number;
}

/** The solver's defaults. */
export const IK_DEFAULTS: IkOptions = {
  maxIterations: 100,
  damping: 0.05,
  positionTolerance: 1e-4,
  rotationTolerance: 1e-3,
  rotationWeight: 1,
  maxStep: 0.2,
};

/** What the solver reached. */
export interface IkResult {
  converged: boolean;
  iterations: number;
  positionError: number;
  rotationError: number;
}

/**
 * Damped-least-squares inverse kinematics of the chain's tip: dq = J^T (J J^T + lambda^2 I)^-1 e,
 * with every iterate clamped into the joint limits. `q` holds the initial guess and receives the
 * solution. Allocation-free after the first call for a given chain size.
 */
export function solveIk(chain: KinematicChain, goal: Pose, q: Float64Array, options: Partial<IkOptions> = {}): IkResult {
  const o = options === IK_DEFAULTS ? IK_DEFAULTS : { ...IK_DEFAULTS, ...options };
  const n = chain.dof;
  const w = ensureWorkspace(n);
  const tip = w.tip;
  let posErr = Infinity;
  let rotErr = Infinity;
  let it = 0;
  for (; it <= o.maxIterations; it++) {
    chain.jacobian(q, w.jac, tip);
    const e = w.err;
    e[0] = goal.p.x - tip.p.x;
    e[1] = goal.p.y - tip.p.y;
    e[2] = goal.p.z - tip.p.z;
    // Rotation error as the rotation vector of goal * tip^-1 (world frame).
    const r = toRotationVector(multiply(goal.q, conjugate(tip.q, w.qInv), w.qErr), w.rv);
    e[3] = r.x * o.rotationWeight;
    e[4] = r.y * o.rotationWeight;
    e[5] = r.z * o.rotationWeight;
    posErr = Math.hypot(e[0], e[1], e[2]);
    rotErr = Math.hypot(r.x, r.y, r.z);
    if (posErr < o.positionTolerance && (o.rotationWeight === 0 || rotErr < o.rotationTolerance)) break;
    if (it === o.maxIterations) break;
    dlsStep(w, n, o.damping, o.rotationWeight);
    let biggest = 0;
    for (let i = 0; i < n; i++) biggest = Math.max(biggest, Math.abs(w.dq[i]!));
    const s = biggest > o.maxStep ? o.maxStep / biggest : 1;
    for (let i = 0; i < n; i++) q[i] = q[i]! + s * w.dq[i]!;
    chain.clamp(q);
  }
  const converged = posErr < o.positionTolerance && (o.rotationWeight === 0 || rotErr < o.rotationTolerance);
  return { converged, iterations: it, positionError: posErr, rotationError: rotErr };
}

interface Workspace {
  jac: Float64Array;
  err: Float64Array;
  a: Float64Array;
  y: Float64Array;
  dq: Float64Array;
  tip: Pose;
  qInv: ReturnType<typeof quat>;
  qErr: ReturnType<typeof quat>;
  rv: ReturnType<typeof vec3>;
}

const workspaces = new Map<number, Workspace>();

function ensureWorkspace(n: number): Workspace {
  let w = workspaces.get(n);
  if (!w) {
    w = {
      jac: new Float64Array(6 * n),
      err: new Float64Array(6),
      a: new Float64Array(36),
      y: new Float64Array(6),
      dq: new Float64Array(n),
      tip: pose(),
      qInv: quat(),
      qErr: quat(),
      rv: vec3(),
    };
    workspaces.set(n, w);
  }
  return w;
}

// Solves (J J^T + lambda^2 I) y = e by Cholesky, then dq = J^T y. Rotation rows of J are
// weighted like the error so both sides of the system agree.
function dlsStep(w: Workspace, n: number, lambda: number, rotationWeight: number): void {
  const { jac, a, err, y, dq } = w;
  for (let r = 3; r < 6; r++) for (let k = 0; k < n; k++) jac[r * n + k] = jac[r * n + k]! * rotationWeight;
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += jac[i * n + k]! * jac[j * n + k]!;
      a[i * 6 + j] = s;
      a[j * 6 + i] = s;
    }
    a[i * 6 + i] = a[i * 6 + i]! + lambda * lambda + (rotationWeight === 0 && i >= 3 ? 1 : 0);
  }
  // In-place Cholesky: lower triangle of a becomes L.
  for (let j = 0; j < 6; j++) {
    let d = a[j * 6 + j]!;
    for (let k = 0; k < j; k++) d -= a[j * 6 + k]! * a[j * 6 + k]!;
    d = Math.sqrt(d);
    a[j * 6 + j] = d;
    for (let i = j + 1; i < 6; i++) {
      let s = a[i * 6 + j]!;
      for (let k = 0; k < j; k++) s -= a[i * 6 + k]! * a[j * 6 + k]!;
      a[i * 6 + j] = s / d;
    }
  }
  for (let i = 0; i < 6; i++) {
    let s = err[i]!;
    for (let k = 0; k < i; k++) s -= a[i * 6 + k]! * y[k]!;
    y[i] = s / a[i * 6 + i]!;
  }
  for (let i = 5; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < 6; k++) s -= a[k * 6 + i]! * y[k]!;
    y[i] = s / a[i * 6 + i]!;
  }
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let i = 0; i < 6; i++) s += jac[i * n + k]! * y[i]!;
    dq[k] = s;
  }
}
