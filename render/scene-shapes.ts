import { RAPIER } from '../sim/rapier.js';
import type { Scene } from '../sim/scene.js';

/** One collider drawn as a primitive, on body `body` (an index into SceneShapes.bodies) at a fixed offset. */
export type RenderShape = (
  | { kind: 'box'; half: [number, number, number] }
  | { kind: 'capsule' | 'cylinder'; radius: number; halfHeight: number }
  | { kind: 'ball'; radius: number }
) & {
  body: number;
  /** Offset on the body: x, y, z, qw, qx, qy, qz (capsules and cylinders stand along local y, as Rapier's). */
  local: [number, number, number, number, number, number, number];
  /** RGB colour, 0..1. */
  colour: [number, number, number];
};

/** What a scene looks like to a renderer: its bodies (segmentation ids 1.. in this order; 0 is background) and their shapes. */
export interface SceneShapes {
  /** Body names: 'table', the task objects by name, 'robot/<i>' for the arm's links. */
  bodies: string[];
  /** The Rapier handles of those bodies (a snapshot restore keeps them). */
  handles: number[];
  shapes: RenderShape[];
}

// ManiSkill's colours where it has them (its cube is red); the rest neutral.
const COLOURS: Record<string, [number, number, number]> = { table: [0.55, 0.5, 0.45], object: [0.85, 0.2, 0.2], robot: [0.9, 0.9, 0.92] };

/**
 * The bodies and primitive shapes of a scene, in a fixed order (body handles sorted, which a
 * snapshot restore keeps), made once per scene; each step only `writeBodyPoses` runs.
 */
export function sceneShapes(scene: Scene): SceneShapes {
  const handles = bodyHandles(scene);
  const objects = new Map<number, string>();
  for (const name of scene.dynamicObjects()) objects.set(scene.body(name).handle, name);
  const table = scene.body('table').handle;
  let links = 0;
  const bodies = handles.map((h) => (h === table ? 'table' : objects.get(h) ?? `robot/${links++}`));
  const index = new Map(handles.map((h, i) => [h, i]));
  const shapes: RenderShape[] = [];
  scene.world.forEachCollider((c) => {
    const parent = c.parent();
    if (!parent) return;
    const body = index.get(parent.handle)!;
    const role = bodies[body] === 'table' ? 'table' : objects.has(parent.handle) ? 'object' : 'robot';
    const t = c.translationWrtParent()!;
    const q = c.rotationWrtParent()!;
    const base = { body, local: [t.x, t.y, t.z, q.w, q.x, q.y, q.z] as RenderShape['local'], colour: COLOURS[role]! };
    const type = c.shapeType();
    if (type === RAPIER.ShapeType.Cuboid) {
      const h = c.halfExtents()!;
      shapes.push({ ...base, kind: 'box', half: [h.x, h.y, h.z] });
    } else if (type === RAPIER.ShapeType.Ball) shapes.push({ ...base, kind: 'ball', radius: c.radius() });
    else if (type === RAPIER.ShapeType.Capsule) shapes.push({ ...base, kind: 'capsule', radius: c.radius(), halfHeight: c.halfHeight() });
    else if (type === RAPIER.ShapeType.Cylinder) shapes.push({ ...base, kind: 'cylinder', radius: c.radius(), halfHeight: c.halfHeight() });
  });
  // Colliders in storage order vary with history; sort by body then by offset for a fixed order.
  shapes.sort((a, b) => a.body - b.body || a.local.join().localeCompare(b.local.join()));
  return { bodies, handles, shapes };
}

/** Write every body's world pose (x, y, z, qw, qx, qy, qz, in sceneShapes' order) into `out` from `offset`; returns the next offset. */
export function writeBodyPoses(scene: Scene, shapes: SceneShapes, out: Float32Array, offset: number): number {
  for (const h of shapes.handles) {
    const b = scene.world.getRigidBody(h);
    const p = b.translation();
    const q = b.rotation();
    out[offset++] = p.x; out[offset++] = p.y; out[offset++] = p.z;
    out[offset++] = q.w; out[offset++] = q.x; out[offset++] = q.y; out[offset++] = q.z;
  }
  return offset;
}

function bodyHandles(scene: Scene): number[] {
  const handles: number[] = [];
  scene.world.forEachCollider((c) => {
    const p = c.parent();
    if (p && !handles.includes(p.handle)) handles.push(p.handle);
  });
  return handles.sort((a, b) => a - b);
}
