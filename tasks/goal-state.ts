import type { Vec3 } from '../math/vec3.js';

/** A task's goal position as the JSON state getState() returns. */
export function goalState(goal: Vec3): unknown {
  return { goal: [goal.x, goal.y, goal.z] };
}

/** Copy a goalState() value back into `goal`. */
export function restoreGoal(goal: Vec3, state: unknown): void {
  const [x, y, z] = (state as { goal: number[] }).goal as [number, number, number];
  goal.x = x;
  goal.y = y;
  goal.z = z;
}
