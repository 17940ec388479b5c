/**
 * Wall-clock milliseconds since the Unix epoch with sub-millisecond resolution. Every timestamp
 * of the hardware layer (ROS header stamps, receive and send times) is on this clock, so that
 * stamps made by another thread or process on the same machine compare directly.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
