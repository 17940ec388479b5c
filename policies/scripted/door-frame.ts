import type { Xyz } from './metaworld-expert.js';

// The door's observed handle point in the door's frame (door-object.ts DOOR_HANDLE_SITE, xy).
const HANDLE_POINT = { x: 0.3757, y: -0.1071 };
const HANDLE_ANGLE = Math.atan2(HANDLE_POINT.y, HANDLE_POINT.x);

/** How far the safe's door is open (rad, positive, 0 shut), from the observed handle point and the hinge. */
export function doorOpening(handle: Readonly<Xyz>, hinge: Readonly<Xyz>): number {
  return HANDLE_ANGLE - Math.atan2(handle[1] - hinge[1], handle[0] - hinge[0]);
}

/** The point `p` of the door's frame (x along the shut door from the hinge, -y its front), world frame, with the door `open` rad open, at height `z`. */
export function onDoor(hinge: Readonly<Xyz>, p: { x: number; y: number }, open: number, z: number): Xyz {
  const c = Math.cos(-open);
  const s = Math.sin(-open);
  return [hinge[0] + c * p.x - s * p.y, hinge[1] + s * p.x + c * p.y, z];
}
