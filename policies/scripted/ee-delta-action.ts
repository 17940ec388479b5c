import { conjugate, multiply, quat, rotate, toRotationVector } from '../../math/quat.js';
import { type Vec3, vec3 } from '../../math/vec3.js';

// pd_ee_delta_pose maps an action of 1 to 0.1 m and 0.1 rad.
const POS_SCALE = 0.1;
const ROT_SCALE = 0.1;

/**
 * Rotation vector from the TCP orientation (wxyz at `o[at..at+4)`) to a gripper pointing
 * straight down with its fingers closing along world y turned by `yaw`: what the scripted
 * experts steer the hand with.
 */
export function pointDownError(o: Float32Array, at: number, yaw: number): Vec3 {
  const want = multiply(quat(Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)), quat(0, 1, 0, 0));
  const tq = quat(o[at]!, o[at + 1]!, o[at + 2]!, o[at + 3]!);
  return toRotationVector(multiply(want, conjugate(tq)));
}

/**
 * Write one pd_ee_delta_pose action: move the TCP from `tcp` toward `goal` at most `speed`
 * (action units) per axis, turn by `rotation` (clipped to 1 per axis; null holds the
 * orientation), and set the gripper (1 open, -1 closed).
 */
export function writeEeDeltaAction(out: Float32Array, at: number, tcp: Vec3, goal: Vec3, speed: number, rotation: Vec3 | null, gripper: number): void {
  writeEeDeltaPose(out, at, tcp, goal, speed, rotation);
  out[at + 6] = gripper;
}

/** The six arm entries of writeEeDeltaAction alone: the whole action of a robot without a gripper. */
export function writeEeDeltaPose(out: Float32Array, at: number, tcp: Vec3, goal: Vec3, speed: number, rotation: Vec3 | null): void {
  const clip = (v: number, m: number) => Math.min(m, Math.max(-m, v));
  out[at] = clip((goal.x - tcp.x) / POS_SCALE, speed);
  out[at + 1] = clip((goal.y - tcp.y) / POS_SCALE, speed);
  out[at + 2] = clip((goal.z - tcp.z) / POS_SCALE, speed);
  out[at + 3] = rotation ? clip(rotation.x / ROT_SCALE, 1) : 0;
  out[at + 4] = rotation ? clip(rotation.y / ROT_SCALE, 1) : 0;
  out[at + 5] = rotation ? clip(rotation.z / ROT_SCALE, 1) : 0;
}

/**
 * Rotation vector from the TCP orientation (wxyz at `o[at..at+4)`) to one whose z axis points
 * straight down, whatever its yaw: what steers a tool symmetric about its axis (a stick).
 */
export function pointDownAnyYawError(o: Float32Array, at: number, target: Vec3 = vec3()): Vec3 {
  const z = rotate(quat(o[at]!, o[at + 1]!, o[at + 2]!, o[at + 3]!), Z_AXIS, target);
  // z x (0, 0, -1) = (-z.y, z.x, 0); its length is sin of the tilt.
  const sx = -z.y;
  const sy = z.x;
  const sin = Math.hypot(sx, sy);
  const angle = Math.atan2(sin, -z.z);
  const k = sin > 1e-12 ? angle / sin : 0;
  target.x = sx * k;
  target.y = sy * k;
  target.z = 0;
  return target;
}

const Z_AXIS: Vec3 = { x: 0, y: 0, z: 1 };
