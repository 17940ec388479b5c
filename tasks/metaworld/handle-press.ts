/**
 * handle-press-v3 (Meta-World): press a handle down.
 *
 * Scene: Meta-World's handle press (handle-object.ts), its lever out of the housing's front (-y),
 * sliding along z. Reset: the hand at (0, 0.6, 0.2), open; the box's position uniform in [-0.1,
 * 0.1] x [0.8, 0.9] x [-0.001, 0.001], the handle 1 mm down; the goal the XML's goalPress site,
 * the box + (0, -0.216, 0.075), clipped in the observation to [-0.1, 0.1] x [0.55, 0.7] x [0.04,
 * 0.08]. The observed point is the handleStart site (on top of the grip's middle); obs[7:11] are
 * zeros. Success: its height within 0.02 m of the goal's (the handle down 0.077 m of its 0.1), at
 * any step of the 500. Reward (Meta-World's v2, max 10): 10 x the soft AND of reach and pressed,
 * 10 on success; reach = tolerance(TCP-site distance, inside 0.02, margin |its start - 0.02|, the
 * start the site's distance from the TCP's at reset), pressed = tolerance(height gap, inside
 * 0.02, margin |the gap at reset - 0.02|).
 *
 * Differs from Meta-World: the hand's start (above); the housing's meshes and the grip's
 * cylinder are boxes; the handle is 0.25 kg and weightless (handle-object.ts); the stop is
 * the XML's (MuJoCo's soft one lets Meta-World's hand press on to 0.16 m, past what success
 * needs); the joint's armature is left out.
 */
import type { Vec3 } from '../../math/vec3.js';
import type { TaskWorld } from '../task-world.js';
import { hamacherProduct } from './gripper-caging.js';
import { type HandleInfo, type HandleSetup, HandleTask } from './handle-task.js';
import { tolerance } from './tolerance.js';

const TARGET_RADIUS = 0.02;
// The grip's top is 0.171 m up at reset, and under the hand's start for many boxes: the Panda's
// fingertips, 5.5 cm below its hand point, would start 2.6 cm inside it (the Sawyer's pads do
// too, and push the handle down in the first steps).
const HAND_INIT_ABOVE_GRIP = { x: 0, y: 0.6, z: 0.235 };
const HANDLE_RADIUS = 0.02;

/** Meta-World's handle-press-v3 on the Panda placed for Meta-World. */
export class HandlePressV3 extends HandleTask {
  readonly id: string = 'handle-press-v3';

  /** @param setup the box's reset box, goal_space, XML and hand start (handle-press-v3's by default). */
  constructor(
    setup: Pick<HandleSetup, 'objLow' | 'objHigh' | 'goalBox' | 'sideways' | 'handInit'> = {
      objLow: { x: -0.1, y: 0.8, z: -0.001 },
      objHigh: { x: 0.1, y: 0.9, z: 0.001 },
      goalBox: { low: { x: -0.1, y: 0.55, z: 0.04 }, high: { x: 0.1, y: 0.7, z: 0.08 } },
      sideways: false,
      handInit: HAND_INIT_ABOVE_GRIP,
    },
  ) {
    super({ ...setup, site: 'start', goal: 'press', start: -0.001, successDistance: TARGET_RADIUS });
  }

  denseReward(_world: TaskWorld, info: HandleInfo): number {
    if (info.success) return 10;
    const o = this.objInit;
    const t = this.tcpInit;
    const pressed = tolerance(info.obj_to_target, 0, TARGET_RADIUS, Math.abs(Math.abs(o.z - this.goal.z) - TARGET_RADIUS));
    const reach = tolerance(info.tcp_to_obj, 0, HANDLE_RADIUS, Math.abs(Math.hypot(o.x - t.x, o.y - t.y, o.z - t.z) - HANDLE_RADIUS));
    return 10 * hamacherProduct(reach, pressed);
  }

  protected gap(site: Vec3): number {
    return Math.abs(site.z - this.goal.z);
  }
}
