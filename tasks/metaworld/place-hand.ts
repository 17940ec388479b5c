import type { Vec3 } from '../../math/vec3.js';
import { solveIk } from '../../robot/kinematics/solve-ik.js';
import { InvalidArgumentError } from '../../errors.js';
import type { Scene } from '../../sim/scene.js';
import { HAND_TCP_OFFSET } from './metaworld-hand.js';

const POINT_DOWN = { w: 0, x: 1, y: 0, z: 0 };
const solved = new Map<string, Float64Array>();

/**
 * Meta-World's hand reset: the hand at `handInit` (world frame), so the TCP HAND_TCP_OFFSET below
 * it, pointing down, fingers open, at rest. The joint solution comes from IK started at the robot's rest pose and is the same every
 * time, so it is solved once per robot and position.
 * @throws InvalidArgumentError when the arm cannot put its TCP there.
 */
export function placeHand(scene: Scene, handInit: Vec3): void {
  const d = scene.robot.description;
  const key = `${d.uid} ${handInit.x} ${handInit.y} ${handInit.z}`;
  let q = solved.get(key);
  if (!q) {
    const chain = scene.robot.chain;
    q = Float64Array.from(d.rest.qpos.slice(0, chain.dof));
    const b = d.rest.basePose.p;
    const tcp = { x: handInit.x - b.x, y: handInit.y - b.y, z: handInit.z - HAND_TCP_OFFSET - b.z };
    const r = solveIk(chain, { p: tcp, q: POINT_DOWN }, q, { maxIterations: 500 });
    if (!r.converged) throw new InvalidArgumentError(`robot "${d.uid}" cannot reach the hand start (${handInit.x}, ${handInit.y}, ${handInit.z}): IK error ${r.positionError.toFixed(4)} m`);
    solved.set(key, q);
  }
  const fingers = d.rest.qpos[scene.robot.chain.dof] ?? 0;
  scene.arm.teleport(q, fingers);
}
