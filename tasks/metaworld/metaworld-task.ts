import { pose } from '../../math/pose.js';
import type { Rng } from '../../math/rng.js';
import { rotate } from '../../math/quat.js';
import { type Vec3, add, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { METAWORLD_FIELDS, MetaWorldFrames } from './metaworld-frames.js';
import { HAND_INIT, addMetaWorldObject, drawObjectAndGoal, type ResetBounds } from './metaworld-object.js';
import { PadsAtStart } from './pads-at-start.js';
import { placeHand } from './place-hand.js';

/**
 * What Meta-World's single-object tasks share: 500 steps that do not end on success, rewards up
 * to 10, the 39-d frame-stacked observation, the hand reset, and the object and goal drawn from
 * the task's boxes. A task adds its success rule and reward.
 */
export abstract class MetaWorldTask<I extends StepInfo = StepInfo> implements Task<I> {
  abstract readonly id: string;
  readonly maxEpisodeSteps = 500;
  readonly maxDenseReward = 10;
  readonly extraFields = METAWORLD_FIELDS;
  readonly observesJoints = false;
  readonly terminatesOnSuccess = false;

  /** The goal, world frame. */
  readonly goal: Vec3 = vec3();
  /** Where the object started and where the TCP started this episode. */
  protected readonly objInit: Vec3 = vec3();
  protected readonly tcpInit: Vec3 = vec3();
  private readonly frames: MetaWorldFrames;
  /** Where the pads were when the episode began, for the rewards that read them (kept only when a task sets it). */
  protected readonly padsAtStart: PadsAtStart | null = null;
  private variations: { obj: Vec3; goal: Vec3 }[] | null = null;

  /**
   * @param bounds the task's object and goal boxes (the object's observed point).
   * @param options where the hand starts (HAND_INIT by default), and the observed point in the
   *   object's frame (its origin by default; the coffee tasks' mug is seen at its foot).
   */
  constructor(private readonly bounds: ResetBounds, private readonly options: { handInit?: Vec3; site?: Vec3 } = {}) {
    this.frames = new MetaWorldFrames('obj', { low: bounds.goalLow, high: bounds.goalHigh }, options.site ?? null);
  }

  abstract evaluate(world: TaskWorld): I;
  abstract denseReward(world: TaskWorld, info: I, action: ArrayLike<number>): number;

  loadScene(scene: Scene): void {
    addMetaWorldObject(scene);
  }

  fixVariations(count: number, rng: Rng): void {
    this.variations = Array.from({ length: count }, () => {
      const obj = vec3();
      const goal = vec3();
      drawObjectAndGoal(rng, this.bounds, obj, goal);
      return { obj, goal };
    });
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    placeHand(scene, this.options.handInit ?? HAND_INIT);
    if (this.variations) {
      const v = this.variations[rng.int(this.variations.length)]!;
      copy(v.obj, this.objInit);
      copy(v.goal, this.goal);
    } else drawObjectAndGoal(rng, this.bounds, this.objInit, this.goal);
    this.adjustGoal();
    this.placeObjects(scene);
    copy(scene.arm.tcpWorld().p, this.tcpInit);
    this.padsAtStart?.fromScene(scene);
    this.frames.reset();
  }

  beginEpisode(world: TaskWorld): void {
    const o = world.objectPose('obj', pose());
    copy(o.p, this.objInit);
    if (this.options.site) add(this.objInit, rotate(o.q, this.options.site, vec3()), this.objInit);
    copy(world.tcp.p, this.tcpInit);
    this.padsAtStart?.fromWorld(world);
    this.frames.reset();
  }

  observe(world: TaskWorld, _info: I, out: ObservationDict): void {
    this.frames.observe(world, this.goal, out);
  }

  getState(): unknown {
    const v = (a: Vec3) => [a.x, a.y, a.z];
    return { goal: v(this.goal), objInit: v(this.objInit), tcpInit: v(this.tcpInit), frames: this.frames.getState(), ...(this.padsAtStart ? { padsInit: this.padsAtStart.getState() } : {}) };
  }

  setState(state: unknown): void {
    const s = state as { goal: number[]; objInit: number[]; tcpInit: number[]; frames: unknown };
    copy({ x: s.goal[0]!, y: s.goal[1]!, z: s.goal[2]! }, this.goal);
    copy({ x: s.objInit[0]!, y: s.objInit[1]!, z: s.objInit[2]! }, this.objInit);
    copy({ x: s.tcpInit[0]!, y: s.tcpInit[1]!, z: s.tcpInit[2]! }, this.tcpInit);
    this.frames.setState(s.frames);
    this.padsAtStart?.setState((state as { padsInit: number[] }).padsInit);
  }

  /** Put the task's objects where this episode's draw says: the object's observed point at objInit, upright. */
  protected placeObjects(scene: Scene): void {
    scene.placeObject('obj', { p: this.objInit, q: { w: 1, x: 0, y: 0, z: 0 } });
  }

  /** A task's change to the drawn goal (push keeps it at the object's height). */
  protected adjustGoal(): void {}
}

function copy(from: Vec3, to: Vec3): void {
  to.x = from.x;
  to.y = from.y;
  to.z = from.z;
}
