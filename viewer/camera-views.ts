import { cameraPose } from '../render/camera-config.js';
import { TASK_CAMERAS } from '../tasks/task-cameras.js';

/** One of a task's fixed cameras as a page draws it: image size, vertical fov (rad), and its world pose in ManiSkill's camera frame (x forward, y left, z up). */
export interface CameraView {
  uid: string;
  width: number;
  height: number;
  fov: number;
  /** x, y, z, qw, qx, qy, qz. */
  pose: [number, number, number, number, number, number, number];
}

/**
 * The task's default sensor cameras that stand still in the world (the ones a live page can draw
 * from the scene alone), none for a task without cameras. Cameras carried by a link are left out.
 */
export function cameraViews(task: string): CameraView[] {
  return (TASK_CAMERAS[task] ?? [])
    .filter((c) => c.mount === null)
    .map((c) => {
      const { p, q } = cameraPose(c);
      return { uid: c.uid, width: c.width, height: c.height, fov: c.fov, pose: [p.x, p.y, p.z, q.w, q.x, q.y, q.z] };
    });
}
