import type { Vec3 } from '../math/vec3.js';
import type { BoxPart } from './scene.js';

/**
 * An object that slides on a plane without turning, as MuJoCo's pair of slide joints makes it (a
 * body with an x slide and a y slide and nothing else: Meta-World's puck). It keeps its height
 * and orientation exactly, and each slide has a limited range and viscous damping. The slides
 * run along the world's x and y (the XMLs that have one do not turn it).
 */
export interface PlanarOptions {
  /** Where the body's origin sits at slide positions (0, 0), world frame. */
  at: Vec3;
  /** The body's boxes in its frame. */
  parts: readonly BoxPart[];
  /** Mass (kg) and principal inertia (kg m^2) about the body's origin. */
  mass: { mass: number; inertia: Vec3 };
  /** The x slide's range (m, relative to `at`). */
  x: readonly [number, number];
  /** The y slide's range. */
  y: readonly [number, number];
  /** Each slide's damping, N s/m. */
  damping: number;
  /**
   * The mass (kg) of the body carrying the x slide, which the moving body rides on along y: it
   * adds to the inertia of the x slide only, as a joint's armature does (MuJoCo's armature adds
   * to each slide alone).
   */
  carriageMass: number;
  friction?: number;
}
