import { RegistryError } from '../errors.js';
import { fromRpy, rotate } from '../math/quat.js';
import { CAMERA_DEFAULTS, lookAtCamera, type CameraConfig } from '../render/camera-config.js';
import { TASKS } from './registered-tasks.js';

// ManiSkill's table-top default: one 128x128 camera, fov pi/2, from the front right and above.
const BASE = (eye: [number, number, number], target: [number, number, number]): CameraConfig[] => [
  lookAtCamera('base_camera', { x: eye[0], y: eye[1], z: eye[2] }, { x: target[0], y: target[1], z: target[2] }, 128, 128, Math.PI / 2),
];
const TABLE_TOP = BASE([0.3, 0, 0.6], [-0.1, 0, 0.1]);

// Meta-World's fixed cameras (objects/assets/xyz_base.xml, shared by every task), as MuJoCo
// 3.3.8 (mujoco-js) compiles them: position, and the camera frame (MuJoCo's looks along -z with
// y up) turned into ManiSkill's (x forward, y left, z up) as a wxyz quaternion; fovy 45 degrees
// unless the XML says. 480 x 480, Meta-World's render size. The corners' up axes point down, as
// in Meta-World's own renders (its corner images come out upside down); not flipped here.
const mw = (uid: string, p: [number, number, number], q: [number, number, number, number], fovyDeg: number): CameraConfig => ({
  uid,
  placement: { pose: { p: { x: p[0], y: p[1], z: p[2] }, q: { w: q[0], x: q[1], y: q[2], z: q[3] } } },
  width: 480,
  height: 480,
  fov: (fovyDeg * Math.PI) / 180,
  ...CAMERA_DEFAULTS,
});

// ManiSkill's panda_wristcam: its hand_camera sits at panda_v3.urdf's camera_link, which
// panda_hand carries through realsense_joint (xyz 0.035 0 0.036, rpy 0 -1.5707 3.1415) and
// camera_link_joint (xyz 0 0.02 0.0115); the camera's own pose there is the identity. Composed
// here by hand into one placement on panda_hand: it looks along the hand's +z, at the fingers.
const RPY = { r: 0, p: -1.5707, y: 3.1415 };
const HAND_Q = fromRpy(RPY.r, RPY.p, RPY.y);
const HAND_P = rotate(HAND_Q, { x: 0, y: 0.02, z: 0.0115 });

/** ManiSkill's Panda wrist camera (robot uid panda_wristcam): 128 x 128, fov pi / 2, on panda_hand. */
export const PANDA_HAND_CAMERA: CameraConfig = {
  uid: 'hand_camera',
  placement: { pose: { p: { x: 0.035 + HAND_P.x, y: HAND_P.y, z: 0.036 + HAND_P.z }, q: HAND_Q } },
  width: 128,
  height: 128,
  fov: Math.PI / 2,
  near: CAMERA_DEFAULTS.near,
  far: CAMERA_DEFAULTS.far,
  mount: 'panda_hand',
};

/** Meta-World's fixed cameras, the same in every task. */
export const METAWORLD_CAMERAS: readonly CameraConfig[] = [
  mw('corner', [-1.1, -0.4, 0.6], [0.052575, 0.915119, 0.379055, -0.126928], 45),
  mw('corner2', [1.3, -0.2, 1.1], [0.231398, 0.271297, 0.929003, -0.099027], 60),
  mw('corner3', [0.9, 0, 1.5], [0.478361, 0.239751, 0.840043, -0.089545], 45),
  mw('corner4', [0.75, 0.075, 0.7], [0.231398, 0.271297, 0.929003, -0.099027], 60),
  mw('topview', [0, 0.5, 1.5], [0.5, -0.5, 0.5, 0.5], 45),
];

/**
 * Each ManiSkill task's default sensor cameras, as ManiSkill's `_default_sensor_configs` has
 * them (read from ManiSkill's task files; world frame, robot base at x = -0.615). Meta-World
 * tasks have METAWORLD_CAMERAS. PANDA_HAND_CAMERA is ManiSkill's wrist camera, added on request.
 */
export const TASK_CAMERAS: Readonly<Record<string, readonly CameraConfig[]>> = {
  'PickCube-v1': TABLE_TOP,
  'PushCube-v1': TABLE_TOP,
  'PullCube-v1': TABLE_TOP,
  'StackCube-v1': TABLE_TOP,
  'PokeCube-v1': TABLE_TOP,
  'LiftPegUpright-v1': TABLE_TOP,
  'PlaceSphere-v1': TABLE_TOP,
  'PushT-v1': TABLE_TOP,
  'PlugCharger-v1': TABLE_TOP,
  'PullCubeTool-v1': BASE([0.3, 0, 0.5], [-0.1, 0, 0.1]),
  'StackPyramid-v1': BASE([-0.5, 0, 0.25], [0.2, 0, -0.5]),
  'RollBall-v1': BASE([-0.1, 0.9, 0.3], [0, 0, 0]),
  'PegInsertionSide-v1': BASE([0, -0.3, 0.2], [0, 0, 0.1]),
};

/** A task's default cameras. @throws RegistryError for a task without any, listing those with cameras. */
export function taskCameras(id: string): readonly CameraConfig[] {
  const c = TASK_CAMERAS[id] ?? (TASKS.has(id) && TASKS.get(id).family === 'Meta-World' ? METAWORLD_CAMERAS : undefined);
  if (!c) throw new RegistryError(`task "${id}" has no default cameras; tasks with cameras: ${Object.keys(TASK_CAMERAS).join(', ')} and every Meta-World task`);
  return c;
}
