import { multiply, quat, type Quat } from '../math/quat.js';
import type { UrdfCollision } from '../robot/urdf/urdf-model.js';
import { RAPIER } from './rapier.js';

// Rapier's capsules and cylinders run along local y, URDF's along local z: Rx(+90 deg) maps y to z.
const Y_TO_Z: Quat = { w: Math.SQRT1_2, x: Math.SQRT1_2, y: 0, z: 0 };

/** A Rapier collider descriptor for one URDF collision primitive, placed in its link frame. */
export function colliderFromUrdf(c: UrdfCollision): RAPIER.ColliderDesc {
  const g = c.geometry;
  let rotation = c.origin.q;
  let desc: RAPIER.ColliderDesc;
  switch (g.kind) {
    case 'box':
      desc = RAPIER.ColliderDesc.cuboid(g.size.x / 2, g.size.y / 2, g.size.z / 2);
      break;
    case 'sphere':
      desc = RAPIER.ColliderDesc.ball(g.radius);
      break;
    case 'capsule':
      desc = RAPIER.ColliderDesc.capsule(g.length / 2, g.radius);
      rotation = multiply(c.origin.q, Y_TO_Z, quat());
      break;
    case 'cylinder':
      desc = RAPIER.ColliderDesc.cylinder(g.length / 2, g.radius);
      rotation = multiply(c.origin.q, Y_TO_Z, quat());
      break;
  }
  return desc.setTranslation(c.origin.p.x, c.origin.p.y, c.origin.p.z).setRotation(rotation);
}
