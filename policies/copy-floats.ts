/**
 * Copy `count` floats from `src[srcStart..]` to `dst[dstStart..]`. Hot loops use this instead of
 * `dst.set(src.subarray(...))`, which allocates a view object per call.
 */
export function copyFloats(src: Float32Array, srcStart: number, dst: Float32Array, dstStart: number, count: number): void {
  for (let j = 0; j < count; j++) dst[dstStart + j] = src[srcStart + j]!;
}
