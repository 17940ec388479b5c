/** A 3-vector as a plain structural value. */
export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** A new vector. */
export function vec3(x = 0, y = 0, z = 0): Vec3 {
  return { x, y, z };
}

/** target = a + b */
export function add(a: Vec3, b: Vec3, target: Vec3 = vec3()): Vec3 {
  target.x = a.x + b.x;
  target.y = a.y + b.y;
  target.z = a.z + b.z;
  return target;
}

/** target = a - b */
export function sub(a: Vec3, b: Vec3, target: Vec3 = vec3()): Vec3 {
  target.x = a.x - b.x;
  target.y = a.y - b.y;
  target.z = a.z - b.z;
  return target;
}

/** Dot product. */
export function dot(a: Vec3, b: Vec3): number {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

/** target = a x b (safe when target aliases a or b). */
export function cross(a: Vec3, b: Vec3, target: Vec3 = vec3()): Vec3 {
  const x = a.y * b.z - a.z * b.y;
  const y = a.z * b.x - a.x * b.z;
  const z = a.x * b.y - a.y * b.x;
  target.x = x;
  target.y = y;
  target.z = z;
  return target;
}

/** Euclidean length. */
export function length(a: Vec3): number {
  return Math.sqrt(a.x * a.x + a.y * a.y + a.z * a.z);
}

/** Distance between two points. */
export function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
}

/** target = a (componentwise copy). */
export function copy(a: Vec3, target: Vec3): Vec3 {
  target.x = a.x;
  target.y = a.y;
  target.z = a.z;
  return target;
}
