import { InvalidArgumentError } from '../errors.js';
import { composePose, pose, type Pose } from '../math/pose.js';
import { cameraPose, type CameraConfig } from './camera-config.js';

const scratch = pose();
const local = pose();

/** Where a link is in the world now: what a mounted camera rides on. */
export type LinkPoses = (link: string, target: Pose) => Pose;

/**
 * Write the world poses of one env's cameras (x, y, z, qw, qx, qy, qz each) into `out` from
 * `offset`; returns the next offset. A mounted camera's pose is its link's world pose (from
 * `links`) composed with its placement.
 * @throws InvalidArgumentError for a mounted camera when no link poses are given.
 */
export function writeCameraPoses(cameras: readonly CameraConfig[], out: Float32Array, offset: number, links: LinkPoses | null = null): number {
  for (const c of cameras) {
    let p: Pose;
    if (c.mount === null) p = cameraPose(c, scratch);
    else {
      if (!links) throw new InvalidArgumentError(`camera ${c.uid}: mounted on link "${c.mount}", but no link poses were given`);
      p = composePose(links(c.mount, scratch), cameraPose(c, local), scratch);
    }
    out[offset++] = p.p.x; out[offset++] = p.p.y; out[offset++] = p.p.z;
    out[offset++] = p.q.w; out[offset++] = p.q.x; out[offset++] = p.q.y; out[offset++] = p.q.z;
  }
  return offset;
}
