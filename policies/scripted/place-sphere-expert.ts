import { copy, vec3 } from '../../math/vec3.js';
import { PhasedExpert, fieldOffsets, readPosition } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';
import { type GraspOptions, type GraspStep, writeGraspStep } from './top-down-grasp.js';

const APPROACH_HEIGHT = 0.05;
// The workspace's floor for the TCP (SimConfig.workspace.low.z).
const TCP_FLOOR = 0.015;
// Close gently for the first steps (a finger that hits the sphere fast rolls it out of the way).
const GRASP: GraspOptions = { closeSteps: 6, floor: TCP_FLOOR, softSteps: 3, softGripper: -0.2 };
// Close with the TCP below the sphere's centre (the workspace floor, 15 mm, stops it at 5 mm):
// pads that meet the sphere above its equator squeeze it down and out of the grasp.
const GRASP_DEPTH = 0.005;
// Carry the sphere's centre this high over the bin's centre: its bottom clears the 1.5 cm walls.
const CARRY_HEIGHT = 0.07;
const CARRY_TOLERANCE = 0.004;
// Release with the sphere's centre here above the bin's centre: the fingertips stay above the
// walls and the sphere drops 1.5 cm onto the floor.
const RELEASE_HEIGHT = 0.04;
const RELEASE_TOLERANCE = 0.003;
const OPEN_STEPS = 3;
const RETREAT_HEIGHT = 0.1;
const CARRY_SPEED = 0.4;
const LOWER_SPEED = 0.2;

// Grasp steps first (GraspStep), then the place.
const enum Phase {
  Approach,
  Carry = 3,
  Lower,
  Release,
  Retreat,
}

/**
 * A scripted expert for PlaceSphere-v1 in pd_ee_delta_pose: come down over the sphere, close on
 * it, carry it over the bin, lower it until it is just above the walls, open, and lift the hand
 * away while the sphere settles. ManiSkill's motion-planning solution has the same phases. It
 * reads only the observation (tcp_pose, obj_pose, bin_pos, is_grasped).
 */
export class PlaceSphereExpert extends PhasedExpert {
  private readonly offsets = fieldOffsets(this.space, { tcp: 'tcp_pose', obj: 'obj_pose', bin: 'bin_pos', grasped: 'is_grasped' });

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    const { tcp, obj, bin, grasped } = this.offsets;
    const t = readPosition(o, base + tcp);
    const c = readPosition(o, base + obj);
    const b = readPosition(o, base + bin);
    const isGrasped = o[base + grasped]! > 0.5;
    const rotErr = pointDownError(o, base + tcp + 3, 0);
    const goal = vec3(c.x, c.y, c.z + APPROACH_HEIGHT);
    const step = this.phase[e]!;
    if (step < Phase.Carry) {
      this.phase[e] = writeGraspStep(step as GraspStep, this.counter, e, t, goal, c.z - GRASP_DEPTH, rotErr, isGrasped, GRASP, out, at);
      return;
    }
    let speed = LOWER_SPEED;
    let gripper = -1;
    let rotate = true;
    // Steer the sphere's centre (not the TCP) to a point above the bin.
    const carryTo = (height: number) => {
      goal.x = b.x + (t.x - c.x);
      goal.y = b.y + (t.y - c.y);
      goal.z = b.z + height + (t.z - c.z);
    };
    switch (this.phase[e] as Phase) {
      case Phase.Carry:
        carryTo(CARRY_HEIGHT);
        // Up first, then across: the sphere must not sweep through the bin's walls.
        if (c.z < b.z + CARRY_HEIGHT - 0.02) {
          goal.x = t.x;
          goal.y = t.y;
        }
        speed = CARRY_SPEED;
        if (!isGrasped) this.phase[e] = Phase.Approach;
        else if (Math.hypot(c.x - b.x, c.y - b.y, c.z - b.z - CARRY_HEIGHT) < CARRY_TOLERANCE) this.phase[e] = Phase.Lower;
        break;
      case Phase.Lower:
        carryTo(RELEASE_HEIGHT);
        if (!isGrasped) this.phase[e] = Phase.Approach;
        else if (Math.hypot(c.x - b.x, c.y - b.y, c.z - b.z - RELEASE_HEIGHT) < RELEASE_TOLERANCE) {
          this.phase[e] = Phase.Release;
          this.counter[e] = 0;
        }
        break;
      case Phase.Release:
        copy(t, goal);
        gripper = 1;
        rotate = false;
        if (++this.counter[e]! >= OPEN_STEPS) this.phase[e] = Phase.Retreat;
        break;
      case Phase.Retreat:
        goal.x = t.x;
        goal.y = t.y;
        goal.z = b.z + RETREAT_HEIGHT;
        gripper = 1;
        break;
    }
    writeEeDeltaAction(out, at, t, goal, speed, rotate ? rotErr : null, gripper);
  }
}
