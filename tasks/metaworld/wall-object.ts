import type { Vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';

/** A Meta-World wall: a fixed box, its centre and half extents (world frame). */
export interface WallSpec {
  centre: Vec3;
  halfExtents: Vec3;
}

/**
 * The wall of button-press-wall-v3 (sawyer_button_press_wall.xml: wall.xml's box, half extents
 * 0.1 x 0.01 x 0.075 centred 0.075 above the wall body at (0.1, 0.6, 0)).
 */
export const BUTTON_WALL: Readonly<WallSpec> = { centre: { x: 0.1, y: 0.6, z: 0.075 }, halfExtents: { x: 0.1, y: 0.01, z: 0.075 } };

/** The wall of button-press-topdown-wall-v3 (wall.xml's box under the body at (0.1, 0.7, 0)). */
export const BUTTON_TOPDOWN_WALL: Readonly<WallSpec> = { centre: { x: 0.1, y: 0.7, z: 0.075 }, halfExtents: { x: 0.1, y: 0.01, z: 0.075 } };

/** The wall of reach-wall-v3, push-wall-v3 and pick-place-wall-v3 (their XMLs: a box 0.12 x 0.01 x 0.06 at (0.1, 0.75, 0.06)). */
export const OBJECT_WALL: Readonly<WallSpec> = { centre: { x: 0.1, y: 0.75, z: 0.06 }, halfExtents: { x: 0.12, y: 0.01, z: 0.06 } };

/**
 * Add a Meta-World wall as the fixed box "wall". Its XML geom collides with the hand and the
 * objects; here it stops the objects, while the kinematic arm passes through it (Rapier makes no
 * contact between a kinematic and a fixed body), so the experts go round it as Meta-World's
 * policies do and the tests check that they do not enter it.
 */
export function addWall(scene: Scene, wall: Readonly<WallSpec>): void {
  scene.addBox('wall', { type: 'fixed', halfExtents: wall.halfExtents, pose: { p: wall.centre, q: { w: 1, x: 0, y: 0, z: 0 } }, friction: 1 });
}

/**
 * How deep (m) any moving body (the arm's links and fingers, the objects) overlaps the fixed
 * object `name` (the wall by default; the plate tasks' net, the handle's housing) now, leaving
 * out the bodies of the objects named in `ignore` (a jointed object's own moving part): what the
 * tests hold the experts' arm to. Fixed bodies are left out: the table, and the
 * top-down button box, which the XMLs put through the wall (static geoms do not collide).
 */
export function wallOverlap(scene: Scene, name = 'wall', ignore: readonly string[] = []): number {
  const world = scene.world;
  world.propagateModifiedBodyPositionsToColliders();
  const own = scene.colliders(name);
  const skip = ignore.map((n) => scene.body(n).handle);
  let deepest = 0;
  for (const handle of own) {
    const wall = world.getCollider(handle);
    world.forEachCollider((o) => {
      if (own.includes(o.handle) || o.parent()?.isFixed() !== false || skip.includes(o.parent()!.handle)) return;
      const c = wall.contactCollider(o, 0);
      if (c && -c.distance > deepest) deepest = -c.distance;
    });
  }
  return deepest;
}
