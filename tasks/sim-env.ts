import { InvalidArgumentError } from '../errors.js';
import { Rng } from '../math/rng.js';
import type { Vec3 } from '../math/vec3.js';
import type { ControlMode } from '../robot/controllers/controller-config.js';
import type { RobotController } from '../robot/controllers/robot-controller.js';
import type { Robot } from '../robot/robot.js';
import { Scene, type SceneState } from '../sim/scene.js';
import type { SimConfig } from '../sim/sim-config.js';
import type { EnvPhysics, EnvSnapshots, EnvSpec, EnvState, ObsMode, Observation, ObservationDict, ResetArgs, ResetResult, RewardMode, StepInfo, StepResult, SyncEnv } from './env.js';
import { goalState, restoreGoal } from './goal-state.js';
import { SceneWorld } from './scene-world.js';
import { BoxSpace, type SpaceField } from './space.js';
import type { ObservationField, Task } from './task.js';
import type { TaskWorld } from './task-world.js';
import { baseFrameBox } from '../robot/controllers/ee-delta-controller.js';

/** How a SimEnv is made. */
export interface SimEnvOptions {
  controlMode: ControlMode;
  obsMode: ObsMode;
  rewardMode: RewardMode;
  sim: SimConfig;
  /** Meta-World's benchmark mode: `count` fixed reset variations drawn from `seed` (Task.fixVariations). */
  variations?: { count: number; seed: number };
}

/**
 * A task on a simulated arm in a Rapier scene, with Gymnasium's reset/step. Bare: order,
 * action checks and the time limit are wrappers (see tasks/make-env.ts). The observation is one
 * buffer rewritten at every step (the 'state_dict' arrays are views into it), so stepping
 * allocates no arrays; copy what must outlive the next step.
 */
export class SimEnv<I extends StepInfo = StepInfo> implements SyncEnv<Observation, I>, EnvSnapshots, EnvPhysics {
  readonly spec: EnvSpec;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: BoxSpace;
  /** The scene (for viewers, detectors, and tests). */
  readonly scene: Scene;
  /** The task's view of the scene. */
  readonly world: SceneWorld;
  /** The controller of the chosen control mode. */
  readonly controller: RobotController;

  private readonly rng = new Rng(0);
  private readonly initial: SceneState;
  private readonly flat: Float32Array;
  private readonly dict: ObservationDict;

  constructor(readonly task: Task<I>, readonly robot: Robot, readonly options: SimEnvOptions) {
    this.scene = new Scene(robot, options.sim);
    task.loadScene(this.scene);
    if (options.variations) {
      if (!task.fixVariations) throw new InvalidArgumentError(`${task.id} has no fixed-variation benchmark mode (Meta-World's MT10 / MT50); its resets draw afresh from each seed`);
      task.fixVariations(options.variations.count, new Rng(options.variations.seed));
    }
    this.initial = this.scene.save();
    this.world = new SceneWorld(this.scene);
    // The controller works in the arm's base frame; the scene's workspace is in the world frame.
    this.controller = robot.createController(options.controlMode, baseFrameBox(this.scene.config.workspace, this.scene.arm.basePose.p));
    this.actionSpace = new BoxSpace(this.controller.actionLow, this.controller.actionHigh);
    const fields = observationFields(task, robot);
    this.observationSpace = new BoxSpace(new Float32Array(fields.size).fill(-Infinity), new Float32Array(fields.size).fill(Infinity), fields.fields);
    this.flat = new Float32Array(fields.size);
    this.dict = observationViews(this.flat, fields.fields);
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

  get snapshots(): EnvSnapshots {
    return this;
  }

  get physics(): EnvPhysics {
    return this;
  }

  get goal(): Readonly<Vec3> {
    return this.task.goal;
  }

  reset(args: ResetArgs = {}): ResetResult<Observation, I> {
    if (args.seed !== undefined) this.rng.seed(args.seed);
    this.scene.restore(this.initial);
    this.task.initializeEpisode(this.scene, this.rng, args.options ?? {});
    this.world.refresh();
    this.controller.reset(this.world.armQ, this.world.fingerQ[0] ?? 0);
    const info = this.task.evaluate(this.world);
    return { obs: this.observe(info), info };
  }

  step(action: ArrayLike<number>): StepResult<Observation, I> {
    this.controller.setAction(action, this.scene.arm.q);
    this.scene.stepControl(this.controller.arm.target, this.controller.gripper.target);
    this.world.refresh();
    const info = this.task.evaluate(this.world);
    return { obs: this.observe(info), reward: this.reward(info, action), terminated: this.task.terminatesOnSuccess !== false && info.success, truncated: false, info };
  }

  getState(): EnvState {
    return { scene: this.scene.save(), controller: this.controller.getState(), task: this.taskState(), rng: this.rng.getState() };
  }

  setState(state: EnvState): void {
    this.scene.restore(state['scene'] as SceneState);
    this.controller.setState(state['controller'] as ReturnType<RobotController['getState']>);
    if (this.task.setState) this.task.setState(state['task']);
    else restoreGoal(this.task.goal, state['task']);
    this.rng.setState(state['rng'] as ReturnType<Rng['getState']>);
    this.world.refresh();
  }

  /**
   * The physical state as one float64 vector, robomimic's `states`: arm qpos and qvel, finger
   * positions and velocities, controller targets, then per dynamic object position, quaternion
   * (wxyz), linear and angular velocity, then the task's numbers (goal). Equal vectors at every
   * step mean equal trajectories; an exact restore is reset(seed) plus the recorded actions.
   */
  flatState(): Float64Array {
    const w = this.world;
    const out: number[] = [...w.armQ, ...w.armQd, ...w.fingerQ, ...w.fingerQd, ...this.controller.arm.target, this.controller.gripper.target];
    for (const name of this.scene.dynamicObjects()) {
      const b = this.scene.body(name);
      const p = b.translation();
      const q = b.rotation();
      const v = b.linvel();
      const a = b.angvel();
      out.push(p.x, p.y, p.z, q.w, q.x, q.y, q.z, v.x, v.y, v.z, a.x, a.y, a.z);
    }
    collectNumbers(this.taskState(), out);
    return Float64Array.from(out);
  }

  close(): void {
    this.scene.free();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private taskState(): unknown {
    return this.task.getState ? this.task.getState() : goalState(this.task.goal);
  }

  private observe(info: I): Observation {
    writeObservation(this.task, this.world, info, this.dict);
    return this.options.obsMode === 'state_dict' ? this.dict : this.flat;
  }

  private reward(info: I, action: ArrayLike<number>): number {
    switch (this.options.rewardMode) {
      case 'sparse':
        return info.success ? 1 : 0;
      case 'dense':
        return this.task.denseReward(this.world, info, action);
      case 'normalized_dense':
        return this.task.denseReward(this.world, info, action) / this.task.maxDenseReward;
    }
  }
}

/** A task's observation fields on a robot: qpos and qvel (arm then fingers) unless the task observes none, then the task's. */
export function observationFields(task: Pick<Task, 'extraFields' | 'observesJoints'>, robot: Robot): { fields: SpaceField[]; size: number } {
  const nq = robot.chain.dof + robot.description.gripperJoints.length;
  const joints: ObservationField[] = task.observesJoints === false ? [] : [{ key: 'qpos', size: nq }, { key: 'qvel', size: nq }];
  let offset = 0;
  const fields = [...joints, ...task.extraFields].map((p) => ({ key: p.key, size: p.size, offset: (offset += p.size) - p.size }));
  return { fields, size: offset };
}

/** One view per field into a flat observation buffer, in field order. */
export function observationViews(flat: Float32Array, fields: readonly SpaceField[]): ObservationDict {
  const dict: ObservationDict = {};
  for (const f of fields) dict[f.key] = flat.subarray(f.offset, f.offset + f.size);
  return dict;
}

/** The task's observation of `world` into `out`'s views (observationViews): qpos and qvel, unless the task observes none, then the task's fields. */
export function writeObservation<I extends StepInfo>(task: Task<I>, world: TaskWorld, info: I, out: ObservationDict): void {
  if (task.observesJoints !== false) {
    const qpos = out['qpos']!;
    const qvel = out['qvel']!;
    qpos.set(world.armQ);
    qpos.set(world.fingerQ, world.armQ.length);
    qvel.set(world.armQd);
    qvel.set(world.fingerQd, world.armQd.length);
  }
  task.observe(world, info, out);
}

function collectNumbers(value: unknown, out: number[]): void {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectNumbers(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectNumbers(v, out);
}
