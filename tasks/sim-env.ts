import { Rng } from '../math/rng.js';
import type { ControlMode } from '../robot/controllers/controller-config.js';
import type { RobotController } from '../robot/controllers/robot-controller.js';
import type { Robot } from '../robot/robot.js';
import type { Env, EnvSpec, EnvState, ObsMode, Observation, ObservationDict, ResetArgs, ResetResult, RewardMode, StepInfo, StepResult } from './env.js';
import { BoxSpace, type SpaceField } from './space.js';
import type { Task } from './task.js';
import { Scene, type SceneState } from '../sim/scene.js';
import type { SimConfig } from '../sim/sim-config.js';

/** How a SimEnv is made. */
export interface SimEnvOptions {
  controlMode: ControlMode;
  obsMode: ObsMode;
  rewardMode: RewardMode;
  sim: SimConfig;
}

/**
 * A task on a simulated arm in a Rapier scene, with Gymnasium's reset/step. Bare: order,
 * action checks and the time limit are wrappers (see tasks/make-env.ts).
 */
export class SimEnv implements Env {
  readonly spec: EnvSpec;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: BoxSpace;
  /** The scene (for viewers, detectors, and tests). */
  readonly scene: Scene;
  /** The controller of the chosen control mode. */
  readonly controller: RobotController;

  private readonly rng = new Rng(0);
  private readonly initial: SceneState;
  private readonly fingerPos = new Float64Array(2);
  private readonly fingerVel = new Float64Array(2);
  private readonly fields: SpaceField[];

  constructor(readonly task: Task, readonly robot: Robot, readonly options: SimEnvOptions) {
    this.scene = new Scene(robot, options.sim);
    task.loadScene(this.scene);
    this.initial = this.scene.save();
    this.controller = robot.createController(options.controlMode, relativeWorkspace(this.scene));
    this.actionSpace = new BoxSpace(this.controller.actionLow, this.controller.actionHigh);
    const nq = robot.chain.dof + robot.description.gripperJoints.length;
    const joints = task.observesJoints === false ? [] : [{ key: 'qpos', size: nq }, { key: 'qvel', size: nq }];
    const parts = [...joints, ...task.extraFields];
    let offset = 0;
    this.fields = parts.map((p) => ({ key: p.key, size: p.size, offset: (offset += p.size) - p.size }));
    this.observationSpace = new BoxSpace(new Float32Array(offset).fill(-Infinity), new Float32Array(offset).fill(Infinity), this.fields);
    this.spec = {
      id: task.id,
      controlMode: options.controlMode,
      obsMode: options.obsMode,
      rewardMode: options.rewardMode,
      maxEpisodeSteps: task.maxEpisodeSteps,
      simHz: options.sim.simHz,
      controlHz: options.sim.controlHz,
    };
  }

  reset(args: ResetArgs = {}): ResetResult {
    if (args.seed !== undefined) this.rng.seed(args.seed);
    this.scene.restore(this.initial);
    this.task.initializeEpisode(this.scene, this.rng, args.options ?? {});
    this.scene.arm.fingerState(this.fingerPos, this.fingerVel);
    this.controller.reset(this.scene.arm.q, this.fingerPos[0]!);
    const info = this.task.evaluate(this.scene);
    return { obs: this.observe(info), info };
  }

  step(action: ArrayLike<number>): StepResult {
    this.controller.setAction(action, this.scene.arm.q);
    this.scene.stepControl(this.controller.arm.target, this.controller.gripper.target);
    const info = this.task.evaluate(this.scene);
    return { obs: this.observe(info), reward: this.reward(info, action), terminated: this.task.terminatesOnSuccess !== false && info.success, truncated: false, info };
  }

  getState(): EnvState {
    return { scene: this.scene.save(), controller: this.controller.getState(), task: this.task.getState(), rng: this.rng.getState() };
  }

  setState(state: EnvState): void {
    this.scene.restore(state['scene'] as SceneState);
    this.controller.setState(state['controller'] as ReturnType<RobotController['getState']>);
    this.task.setState(state['task']);
    this.rng.setState(state['rng'] as ReturnType<Rng['getState']>);
  }

  /**
   * The physical state as one float64 vector, robomimic's `states`: arm qpos and qvel, finger
   * positions and velocities, controller targets, then per dynamic object position, quaternion
   * (wxyz), linear and angular velocity, then the task's numbers (goal). Equal vectors at every
   * step mean equal trajectories; an exact restore is reset(seed) plus the recorded actions.
   */
  flatState(): Float64Array {
    const arm = this.scene.arm;
    arm.fingerState(this.fingerPos, this.fingerVel);
    const out: number[] = [...arm.q, ...arm.qvel, ...this.fingerPos, ...this.fingerVel, ...this.controller.arm.target, this.controller.gripper.target];
    for (const name of this.scene.dynamicObjects()) {
      const b = this.scene.body(name);
      const p = b.translation();
      const q = b.rotation();
      const v = b.linvel();
      const w = b.angvel();
      out.push(p.x, p.y, p.z, q.w, q.x, q.y, q.z, v.x, v.y, v.z, w.x, w.y, w.z);
    }
    collectNumbers(this.task.getState(), out);
    return Float64Array.from(out);
  }

  close(): void {
    this.scene.free();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private observe(info: StepInfo): Observation {
    const dict: ObservationDict = this.task.observesJoints === false ? {} : this.observeJoints();
    this.task.observeExtra(this.scene, info, dict);
    if (this.options.obsMode === 'state_dict') return dict;
    const flat = new Float32Array(this.observationSpace.size);
    for (const f of this.fields) flat.set(dict[f.key]!, f.offset);
    return flat;
  }

  private observeJoints(): ObservationDict {
    const arm = this.scene.arm;
    arm.fingerState(this.fingerPos, this.fingerVel);
    const nq = arm.dof + 2;
    const qpos = new Float32Array(nq);
    const qvel = new Float32Array(nq);
    qpos.set(arm.q);
    qvel.set(arm.qvel);
    qpos.set(this.fingerPos, arm.dof);
    qvel.set(this.fingerVel, arm.dof);
    return { qpos, qvel };
  }

  private reward(info: StepInfo, action: ArrayLike<number>): number {
    switch (this.options.rewardMode) {
      case 'sparse':
        return info.success ? 1 : 0;
      case 'dense':
        return this.task.denseReward(this.scene, info, action);
      case 'normalized_dense':
        return this.task.denseReward(this.scene, info, action) / this.task.maxDenseReward;
    }
  }
}

function collectNumbers(value: unknown, out: number[]): void {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectNumbers(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectNumbers(v, out);
}

// The controller works in the arm's base frame; the scene's workspace is in the world frame.
function relativeWorkspace(scene: Scene) {
  const b = scene.arm.basePose.p;
  const { low, high } = scene.config.workspace;
  return {
    low: { x: low.x - b.x, y: low.y - b.y, z: low.z - b.z },
    high: { x: high.x - b.x, y: high.y - b.y, z: high.z - b.z },
  };
}
