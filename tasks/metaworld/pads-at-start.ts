import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { TaskWorld } from '../task-world.js';

/**
 * Where the two pads were when the episode began (Meta-World's init_left_pad / init_right_pad),
 * the pads being the Panda fingers' centres of mass, the one at +y taken as Meta-World's left.
 */
export class PadsAtStart {
  readonly left: Vec3 = vec3();
  readonly right: Vec3 = vec3();
  private readonly a = vec3();
  private readonly b = vec3();

  /** Take them off a scene just placed. */
  fromScene(scene: Scene): void {
    const [a, b] = scene.arm.fingerCentres();
    this.assign(a!, b!);
  }

  /** Take them off a world the task did not place (a real arm). */
  fromWorld(world: TaskWorld): void {
    world.fingerPads(this.a, this.b);
    this.assign(this.a, this.b);
  }

  /** JSON state: the two positions. */
  getState(): number[] {
    const { left: l, right: r } = this;
    return [l.x, l.y, l.z, r.x, r.y, r.z];
  }

  /** Restore getState()'s value. */
  setState(s: number[]): void {
    set(this.left, s[0]!, s[1]!, s[2]!);
    set(this.right, s[3]!, s[4]!, s[5]!);
  }

  private assign(a: Vec3, b: Vec3): void {
    const [l, r] = a.y >= b.y ? [a, b] : [b, a];
    set(this.left, l.x, l.y, l.z);
    set(this.right, r.x, r.y, r.z);
  }
}

/** The pads of `world` now, the one at +y first (Meta-World's left), into the targets. */
export function padsNow(world: TaskWorld, left: Vec3, right: Vec3): void {
  world.fingerPads(left, right);
  if (left.y < right.y) {
    const { x, y, z } = left;
    set(left, right.x, right.y, right.z);
    set(right, x, y, z);
  }
}

function set(v: Vec3, x: number, y: number, z: number): void {
  v.x = x;
  v.y = y;
  v.z = z;
}
