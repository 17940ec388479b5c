/**
 * PushT-v1's success measure as ManiSkill computes it (push_t.py, pseudo_render_intersection): the
 * T is drawn into a 64 x 64 grid of 0.15 / 32 m cells around its own frame; each of its cells'
 * centres is carried into the goal T's frame, truncated back to a cell, and the share of the goal
 * T's cells so hit is the overlap. Reproduced cell for cell, quirks included: the grid's y
 * centres sit one cell off its indices (a T exactly on the goal scores 782/825 = 0.948), points
 * within one cell below zero truncate into cell 0, and the yaw is 2 acos(|w|) signed by z, which
 * ignores any tilt.
 */

const RES = 64;
const HALF = RES / 2;
// Metres per cell.
const CELL = 0.15 / HALF;
// The T's two boxes in cell indices [x0, x1) x [y0, y1): ManiSkill's corners, shifted by the
// centre of mass (0, 0.0375), scaled and truncated.
const BOXES = [
  [10, 53, 18, 29],
  [26, 37, 29, 61],
] as const;

/** Overlap of a T pose with a fixed goal T pose, both (x, y, yaw) on the table. */
export class TeeOverlap {
  /** Cells of the T, as ManiSkill's mask: 825. */
  readonly area: number;
  private readonly cellsX: Float64Array;
  private readonly cellsY: Float64Array;
  private readonly hit = new Uint8Array(RES * RES);
  private readonly cos: number;
  private readonly sin: number;

  constructor(private readonly goalX: number, private readonly goalY: number, goalYaw: number) {
    this.cos = Math.cos(goalYaw);
    this.sin = Math.sin(goalYaw);
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [x0, x1, y0, y1] of BOXES) {
      for (let i = x0; i < x1; i++) {
        for (let j = y0; j < y1; j++) {
          // The grid's centre of cell (i, j): x at (i + 0.5 - 32) cells, y at (j + 1.5 - 32),
          // from ManiSkill's uv grid after its image flips.
          xs.push((i + 0.5 - HALF) * CELL);
          ys.push((j + 1.5 - HALF) * CELL);
        }
      }
    }
    this.cellsX = Float64Array.from(xs);
    this.cellsY = Float64Array.from(ys);
    this.area = xs.length;
  }

  /** Share of the goal T's cells covered by a T at (x, y) turned by `yaw`, in [0, 1]. */
  of(x: number, y: number, yaw: number): number {
    const hit = this.hit;
    hit.fill(0);
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    const gc = this.cos;
    const gs = this.sin;
    let covered = 0;
    for (let k = 0; k < this.area; k++) {
      const u = this.cellsX[k]!;
      const v = this.cellsY[k]!;
      // Into the world, then into the goal's frame.
      const wx = c * u - s * v + x - this.goalX;
      const wy = s * u + c * v + y - this.goalY;
      const gx = gc * wx + gs * wy;
      const gy = -gs * wx + gc * wy;
      const i = Math.trunc(gx / CELL + HALF);
      const j = Math.trunc(gy / CELL + HALF);
      if (!inTee(i, j)) continue;
      const at = i * RES + j;
      if (hit[at] === 0) {
        hit[at] = 1;
        covered++;
      }
    }
    return covered / this.area;
  }
}

function inTee(i: number, j: number): boolean {
  for (const [x0, x1, y0, y1] of BOXES) if (i >= x0 && i < x1 && j >= y0 && j < y1) return true;
  return false;
}

/** ManiSkill's z angle of a wxyz quaternion: 2 acos(w), w's sign flipped when z < 0; in [0, 2 pi]. */
export function teeYaw(w: number, z: number): number {
  return 2 * Math.acos(Math.min(1, Math.max(-1, z < 0 ? -w : w)));
}
