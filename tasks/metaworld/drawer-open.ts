/**
 * drawer-open-v3 (Meta-World): pull a drawer out of its case by its handle.
 *
 * Scene: Meta-World's drawer (drawer-object.ts), sliding 0.16 m along -y. Reset: the hand at
 * (0, 0.6, 0.2), open; the case's position uniform in [-0.1, 0.1] x {0.9} x {0}, the drawer
 * shut; the goal is that position + (0, -0.36, 0.09). The observed object point is the drawer's
 * origin + (0, -0.16, 0). Success: that point within 0.03 m of the goal (the drawer out its full
 * 0.16 m: Meta-World's rule sits at the stop, see DRAWER_STOP_SOFTNESS), at any step of the
 * 500. Reward (Meta-World's v2, max 10): 5 x (caging + opening), opening = tolerance(point-goal distance, inside 0.02, margin 0.2), caging =
 * tolerance(|(point - hand) scaled (3, 3, 1)|, inside 0.01, margin that scaled distance from the
 * shut handle to the TCP at reset). As in Meta-World the caging term reads the hand (obs[0:3]),
 * not the TCP.
 */
import { vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { ArticulatedTask } from './articulated-task.js';
import { addDrawer, placeDrawer } from './drawer-object.js';
import { handPosition } from './metaworld-hand.js';
import { tolerance } from './tolerance.js';

const MAX_DIST = 0.2;
const SUCCESS_DISTANCE = 0.03;
const CAGING_SCALE = { x: 3, y: 3, z: 1 };

/** drawer-open-v3's info: success, the handle point's distance to the goal, the hand's to the handle. */
export interface DrawerOpenInfo extends StepInfo {
  obj_to_target: number;
  /** The hand within 0.03 m of the observed point. */
  near_object: boolean;
}

/** Meta-World's drawer-open-v3 on the Panda placed for Meta-World. */
export class DrawerOpenV3 extends ArticulatedTask<DrawerOpenInfo> {
  readonly id = 'drawer-open-v3';
  private readonly point = vec3();
  private readonly hand = vec3();

  constructor() {
    super({
      object: 'drawer',
      handInit: { x: 0, y: 0.6, z: 0.2 },
      objLow: { x: -0.1, y: 0.9, z: 0 },
      objHigh: { x: 0.1, y: 0.9, z: 0 },
      site: { x: 0, y: -0.16, z: 0 },
    });
  }

  loadScene(scene: Scene): void {
    addDrawer(scene);
  }

  evaluate(world: TaskWorld): DrawerOpenInfo {
    const p = this.observed(world, this.point);
    const h = handPosition(world.tcp, this.hand);
    const toGoal = Math.hypot(p.x - this.goal.x, p.y - this.goal.y, p.z - this.goal.z);
    return { success: toGoal <= SUCCESS_DISTANCE, obj_to_target: toGoal, near_object: Math.hypot(p.x - h.x, p.y - h.y, p.z - h.z) <= 0.03 };
  }

  denseReward(world: TaskWorld, info: DrawerOpenInfo): number {
    const opening = tolerance(info.obj_to_target, 0, 0.02, MAX_DIST);
    const p = this.observed(world, this.point);
    const h = handPosition(world.tcp, this.hand);
    const s = CAGING_SCALE;
    const error = Math.hypot(s.x * (p.x - h.x), s.y * (p.y - h.y), s.z * (p.z - h.z));
    // Meta-World's handle_pos_init is the goal + (0, maxDist, 0), the TCP its init_tcp.
    const t = this.tcpInit;
    const g = this.goal;
    const errorInit = Math.hypot(s.x * (g.x - t.x), s.y * (g.y + MAX_DIST - t.y), s.z * (g.z - t.z));
    return 5 * (tolerance(error, 0, 0.01, errorInit) + opening);
  }

  protected arrange(scene: Scene): void {
    placeDrawer(scene, this.baseAt, 0);
    const b = this.baseAt;
    this.goal.x = b.x;
    this.goal.y = b.y - 0.16 - MAX_DIST;
    this.goal.z = b.z + 0.09;
  }
}
