import type { Robot } from '../../robot/robot.js';
import { nowMs } from '../clock.js';
import { InputDeviceError } from '../hardware-errors.js';
import { createObservation, type DriverObservation } from '../robot-driver.js';
import { JointStateReader } from '../ros/joint-state-reader.js';
import { SafetyLayer, type SafetyVerdict } from '../safety/safety-layer.js';
import type { LeaderArmConfig } from './leader-arm-config.js';
import { commandForKey, type TeleopCommand } from './keyboard-teleop.js';
import type { TeleopDevice } from './teleop-device.js';

/** The follower as the leader device needs it: its robot, its measured joints now, its control rate. */
export interface Follower {
  readonly robot: Robot;
  /** Measured arm joint positions, rad. */
  measured(): ArrayLike<number>;
  readonly controlHz: number;
}

/** What the last step did with the leader's state. */
export type LeaderStep = 'follow' | 'clipped' | 'stale' | 'no-state' | 'held';

/** The leader arm's controls, one line. */
export const LEADER_HELP = 'move the leader arm; n start  v save  x discard  q quit';

/**
 * Joint-space teleoperation from a leader arm's sensor_msgs/JointState (LeRobot's leader and
 * follower): each control step the follower's pd_joint_pos action is the leader's joint
 * positions, mapped by name, made safe against the follower's measured joints by the safety
 * layer (joint limits, a largest step per period, the workspace box), and the leader's gripper
 * mapped linearly onto the follower's [-1, 1]. A leader state older than staleMs, or a command
 * the safety layer will not pass, holds the follower where it is (its measured joints as the
 * target): it stops within the step. Episode commands come from the keys (n v x q).
 */
export class LeaderArmTeleop implements TeleopDevice {
  readonly help = LEADER_HELP;
  private readonly reader: JointStateReader;
  private readonly state: DriverObservation;
  private readonly safety: SafetyLayer;
  private readonly target: Float64Array;
  private readonly commands: TeleopCommand[] = [];
  private gripper = 1;
  private received = 0;
  /** What the last nextAction() did. */
  last: LeaderStep = 'no-state';
  /** The last safety verdict on a leader command. */
  verdict: SafetyVerdict = 'ok';
  /** The last refused leader message's reason, if any. */
  refused: string | null = null;

  /**
   * @throws InputDeviceError when the config names a different number of joints than the follower has.
   */
  constructor(private readonly config: LeaderArmConfig, private readonly follower: Follower, private readonly clock: () => number = nowMs) {
    const dof = follower.robot.chain.dof;
    if (config.joints.length !== dof) {
      throw new InputDeviceError(`leader arm: expected ${dof} joint names (the follower's ${follower.robot.description.armJoints.join(', ')}), got ${config.joints.length}`);
    }
    this.reader = new JointStateReader([...config.joints, ...(config.gripper ? [config.gripper.joint] : [])], dof);
    const robot = follower.robot;
    // The reader writes leader joints into a state shaped like the follower's, plus the leader's gripper joint.
    this.state = { ...createObservation(robot), gripperQ: new Float64Array(1), gripperQd: new Float64Array(1) };
    this.safety = new SafetyLayer(robot, config.safety, { lower: -1, upper: 1 });
    this.target = new Float64Array(dof);
  }

  /** Take one JointState message from the leader; a malformed one is refused (its reason kept in `refused`) and changes nothing. */
  handleJointState(msg: unknown, receivedAt = this.clock()): void {
    const why = this.reader.read(msg, this.state, receivedAt);
    this.refused = why;
    if (why === null) this.received = receivedAt;
  }

  /** Feed a terminal key: the episode keys become commands. */
  handleKey(key: string): void {
    for (const ch of key) {
      const c = commandForKey(ch);
      if (c) this.commands.push(c);
    }
  }

  nextCommand(): TeleopCommand | undefined {
    return this.commands.shift();
  }

  /** This step's pd_joint_pos action: joint targets (rad), then the gripper in [-1, 1]. */
  nextAction(target: Float32Array = new Float32Array(this.target.length + 1)): Float32Array {
    const q = this.follower.measured();
    const n = this.target.length;
    this.last = this.received === 0 ? 'no-state' : this.clock() - this.received > this.config.staleMs ? 'stale' : 'follow';
    if (this.last === 'follow') {
      this.target.set(this.state.armQ);
      this.verdict = this.safety.apply(q, this.target, 1 / this.follower.controlHz);
      if (this.verdict === 'clipped') this.last = 'clipped';
      else if (this.verdict !== 'ok') this.last = 'held';
      const g = this.config.gripper;
      if (g && this.last !== 'held') this.gripper = Math.min(1, Math.max(-1, -1 + (2 * (this.state.gripperQ[0]! - g.closed)) / (g.open - g.closed)));
    }
    if (this.last === 'follow' || this.last === 'clipped') for (let i = 0; i < n; i++) target[i] = this.target[i]!;
    else for (let i = 0; i < n; i++) target[i] = q[i]!;
    // Held or stale, the gripper keeps its last command: an object in hand stays there.
    target[n] = this.gripper;
    return target;
  }

  /** A new episode: the gripper opens until the leader says otherwise. */
  reset(): void {
    this.gripper = 1;
  }
}
