import { doorOpening, onDoor as onDoorAbout } from './door-frame.js';
import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// The hinge's offset from the goal (the goal is the safe + (-0.3, -0.45, 0), the hinge the safe
// + (-0.185, -0.1, 0): door-open-v3's door-object.ts, from doorlockB.xml).
const HINGE_FROM_GOAL = { x: 0.115, y: 0.35 };
// Where the open fingers straddle the lever (its bar runs along x at y = -0.12; the rear finger
// then sits between it and the door, the palm 1 cm clear of the door's face), and where the
// shut fingers push the door's back once it is ajar. Heights are the TCP's; at PUSH_HEIGHT the
// palm clears the door's top (0.273 m) and the fingers still reach 4 cm down its back.
const LEVER = { x: 0.4, y: -0.12 };
const LEVER_HEIGHT = 0.14;
const BACK = { x: 0.28, y: 0.07 };
const PUSH_HEIGHT = 0.24;
const CLEAR_HEIGHT = 0.3;
const ABOVE = 0.1;
const TOLERANCE = 0.008;
// Lead the door by this much along its swing (rad) while pulling, then pushing.
const PULL_LEAD = 0.3;
const PUSH_LEAD = 0.35;
// Pull by the lever this far open (further, the lever leaves the hand box at y = 0.4), push
// to this (success: between about 1.38 and 1.81 rad).
const PULLED = 0.55;
const OPEN = 1.6;
// Past this angle push gently (a fifth of the gap a step, a short lead), so that the door comes
// to rest inside the success window instead of swinging on to its stop at 2 rad.
const NEARLY_OPEN = 1.2;
const FINAL_LEAD = 0.1;
const FINAL_GAIN = 0.2;

const enum Phase {
  Above,
  Descend,
  Pull,
  Lift,
  Over,
  Down,
  Push,
  Hold,
}

/**
 * A scripted expert for door-open-v3 in Meta-World's 4-d action. Meta-World's policy hooks the
 * lever from between it and the door and drags it round; the Panda's palm, 20 cm long across
 * its fingers, would hit the door there, so this one straddles the lever with the gripper open
 * (the rear finger behind it) and pulls it round its arc until the door is ajar, then lifts
 * clear, comes down behind the door's free edge with the gripper shut and pushes it round past
 * the success angle, and holds. The door's angle comes from the observed handle point about the
 * hinge, which the observed goal places. Reads hand_pos, obj_pose and goal_pos.
 */
export class DoorOpenExpert extends MetaWorldExpert {
  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const handle = this.obj(o, b);
    const goal = this.goal(o, b);
    const hinge: Xyz = [goal[0] + HINGE_FROM_GOAL.x, goal[1] + HINGE_FROM_GOAL.y, handle[2]];
    const angle = doorOpening(handle, hinge);
    const onDoor = (p: { x: number; y: number }, open: number, z: number): Xyz => onDoorAbout(hinge, p, open, z);
    let aim: Xyz = tcp;
    let gripper = -1;
    let gain = 0.5;
    const near = (p: Xyz) => Math.hypot(p[0] - tcp[0], p[1] - tcp[1]) < TOLERANCE;
    switch (this.phase[e] as Phase) {
      case Phase.Above:
        aim = onDoor(LEVER, angle, LEVER_HEIGHT + ABOVE);
        if (near(aim)) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        aim = onDoor(LEVER, angle, LEVER_HEIGHT);
        if (Math.abs(aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Pull;
        break;
      case Phase.Pull:
        aim = onDoor(LEVER, angle + PULL_LEAD, LEVER_HEIGHT);
        if (angle >= PULLED) this.phase[e] = Phase.Lift;
        break;
      case Phase.Lift:
        aim = [tcp[0], tcp[1], CLEAR_HEIGHT];
        gripper = 1;
        if (tcp[2] > CLEAR_HEIGHT - TOLERANCE) this.phase[e] = Phase.Over;
        break;
      case Phase.Over:
        aim = onDoor(BACK, angle, CLEAR_HEIGHT);
        gripper = 1;
        if (near(aim)) this.phase[e] = Phase.Down;
        break;
      case Phase.Down:
        aim = onDoor(BACK, angle, PUSH_HEIGHT);
        gripper = 1;
        if (Math.abs(aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Push;
        break;
      case Phase.Push:
        aim = onDoor(BACK, angle + (angle < NEARLY_OPEN ? PUSH_LEAD : FINAL_LEAD), PUSH_HEIGHT);
        if (angle >= NEARLY_OPEN) gain = FINAL_GAIN;
        gripper = 1;
        if (angle >= OPEN) this.phase[e] = Phase.Hold;
        break;
      case Phase.Hold:
        gripper = 1;
        break;
    }
    this.moveToward(aim, tcp, gripper, out, at, gain);
  }
}
