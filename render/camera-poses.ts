import { InvalidArgumentError } from '../errors.js';
import { pose } from '../math/pose.js';
import { cameraPose, type CameraConfig } from './camera-config.js';

const scratch = pose();

/**
 * Write the world poses of one env's cameras (x, y, z, qw, qx, qy, qz each) into `out` from
 * `offset`; returns the next offset. Fixed cameras only in this increment.
 * @throws InvalidArgumentError for a camera mounted on a link.
 */
export function writeCameraPoses(cameras: readonly CameraConfig[], out: Float32Array, offset: number): number {
  for (const c of cameras) {
    if (c.mount !== null) throw new InvalidArgumentError(`camera ${c.uid}: expected a fixed camera (mount null), got one on link "${c.mount}"; mounted cameras are not rendered yet`);
    const p = cameraPose(c, scratch);
    out[offset++] = p.p.x; out[offset++] = p.p.y; out[offset++] = p.p.z;
    out[offset++] = p.q.w; out[offset++] = p.q.x; out[offset++] = p.q.y; out[offset++] = p.q.z;
  }
  return offset;
}
