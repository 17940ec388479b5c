import { RegistryError } from '../errors.js';
import { lookAtCamera, type CameraConfig } from '../render/camera-config.js';

// ManiSkill's table-top default: one 128x128 camera, fov pi/2, from the front right and above.
const BASE = (eye: [number, number, number], target: [number, number, number]): CameraConfig[] => [
  lookAtCamera('base_camera', { x: eye[0], y: eye[1], z: eye[2] }, { x: target[0], y: target[1], z: target[2] }, 128, 128, Math.PI / 2),
];
const TABLE_TOP = BASE([0.3, 0, 0.6], [-0.1, 0, 0.1]);

/**
 * Each task's default sensor cameras, as ManiSkill's `_default_sensor_configs` has them (read
 * from ManiSkill's task files; world frame, robot base at x = -0.615). Meta-World's corner
 * cameras and the Panda hand camera are not here yet.
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
  const c = TASK_CAMERAS[id];
  if (!c) throw new RegistryError(`task "${id}" has no default cameras; tasks with cameras: ${Object.keys(TASK_CAMERAS).join(', ')}`);
  return c;
}
