/** The arrays of `parts` one after the other, in one new array made by `ctor`. */
export function concat<T extends Float32Array | Float64Array | Uint8Array>(ctor: { new (n: number): T }, parts: readonly ArrayLike<number>[]): T {
  const out = new ctor(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
