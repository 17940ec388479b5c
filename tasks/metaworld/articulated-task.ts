import { type Pose, pose } from '../../math/pose.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { METAWORLD_FIELDS, MetaWorldFrames, type ObservedQuat } from './metaworld-frames.js';
import { HAND_BOX } from './metaworld-hand.js';
import { PadsAtStart } from './pads-at-start.js';
import { placeHand } from './place-hand.js';

/** What an articulated Meta-World task is made of: its jointed object, the hand start and the object's reset box. */
export interface ArticulatedSetup {
  /** The jointed object's (moving body's) scene name; its base is `${name}-base`. */
  object: string;
  /** Where the hand starts, world frame. */
  handInit: Vec3;
  /** The box the object's base position is drawn from (Meta-World's obj_low / obj_high). */
  objLow: Vec3;
  objHigh: Vec3;
  /** The observed point in the moving body's frame (Meta-World's _get_pos_objects). */
  site: Vec3;
  /** The box the observed goal is clipped to (Meta-World's goal_space): the hand box by default. */
  goalBox?: { low: Vec3; high: Vec3 };
  /** How obs[7:11] is written (the moving body's rotation x, y, z, w by default). */
  quat?: ObservedQuat;
}

/**
 * What Meta-World's one-jointed-object tasks share (drawer, button, door, window): 500 steps
 * that do not end on success, rewards up to 10, the 39-d observation of the object's observed
 * point with the goal clipped to the hand box (their goal_space), the hand reset, and a rand_vec
 * that is the object's base position alone. A task adds its scene, joint start, goal, success
 * rule and reward.
 */
export abstract class ArticulatedTask<I extends StepInfo = StepInfo> implements Task<I> {
  abstract readonly id: string;
  readonly maxEpisodeSteps = 500;
  readonly maxDenseReward = 10;
  readonly extraFields = METAWORLD_FIELDS;
  readonly observesJoints = false;
  readonly terminatesOnSuccess = false;

  /** The goal, world frame. */
  readonly goal: Vec3 = vec3();
  /** The base position drawn this episode (Meta-World's rand_vec). */
  protected readonly baseAt: Vec3 = vec3();
  /** The observed point and the TCP where the episode started. */
  protected readonly objInit: Vec3 = vec3();
  protected readonly tcpInit: Vec3 = vec3();
  private readonly frames: MetaWorldFrames;
  /** Where the pads were when the episode began, for the rewards that read them (kept only when a task sets it). */
  protected readonly padsAtStart: PadsAtStart | null = null;
  private readonly moving = pose();
  private variations: Vec3[] | null = null;

  constructor(protected readonly setup: ArticulatedSetup) {
    this.frames = new MetaWorldFrames(setup.object, setup.goalBox ?? HAND_BOX, setup.site, setup.quat);
  }

  abstract loadScene(scene: Scene): void;
  abstract evaluate(world: TaskWorld): I;
  abstract denseReward(world: TaskWorld, info: I, action: ArrayLike<number>): number;
  /** Place the object's base at `this.baseAt`, set its joint's start, and set the goal. */
  protected abstract arrange(scene: Scene): void;

  fixVariations(count: number, rng: Rng): void {
    this.variations = Array.from({ length: count }, () => this.draw(rng, vec3()));
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    placeHand(scene, this.setup.handInit);
    if (this.variations) copy(this.variations[rng.int(this.variations.length)]!, this.baseAt);
    else this.draw(rng, this.baseAt);
    this.arrange(scene);
    const b = scene.body(this.setup.object);
    this.site({ p: b.translation(), q: b.rotation() }, this.objInit);
    copy(scene.arm.tcpWorld().p, this.tcpInit);
    this.padsAtStart?.fromScene(scene);
    this.frames.reset();
  }

  beginEpisode(world: TaskWorld): void {
    this.observed(world, this.objInit);
    copy(world.tcp.p, this.tcpInit);
    const g = world.perceivedGoal(this.goal);
    if (g) copy(g, this.goal);
    this.padsAtStart?.fromWorld(world);
    this.frames.reset();
  }

  observe(world: TaskWorld, _info: I, out: ObservationDict): void {
    this.frames.observe(world, this.goal, out);
  }

  getState(): unknown {
    const v = (a: Vec3) => [a.x, a.y, a.z];
    return { goal: v(this.goal), baseAt: v(this.baseAt), objInit: v(this.objInit), tcpInit: v(this.tcpInit), frames: this.frames.getState(), ...(this.padsAtStart ? { padsInit: this.padsAtStart.getState() } : {}) };
  }

  setState(state: unknown): void {
    const s = state as Record<'goal' | 'baseAt' | 'objInit' | 'tcpInit', number[]> & { frames: unknown };
    for (const k of ['goal', 'baseAt', 'objInit', 'tcpInit'] as const) copy({ x: s[k][0]!, y: s[k][1]!, z: s[k][2]! }, this[k]);
    this.frames.setState(s.frames);
    this.padsAtStart?.setState((state as { padsInit: number[] }).padsInit);
  }

  /** The object's observed point (obs[4:7]) in the world, into `target`. */
  protected observed(world: TaskWorld, target: Vec3): Vec3 {
    return this.site(world.objectPose(this.setup.object, this.moving), target);
  }

  private site(p: Pose, target: Vec3): Vec3 {
    const s = this.setup.site;
    const { w, x, y, z } = p.q;
    // p + q s q*, written out so that a step allocates nothing.
    const tx = 2 * (y * s.z - z * s.y);
    const ty = 2 * (z * s.x - x * s.z);
    const tz = 2 * (x * s.y - y * s.x);
    target.x = p.p.x + s.x + w * tx + (y * tz - z * ty);
    target.y = p.p.y + s.y + w * ty + (z * tx - x * tz);
    target.z = p.p.z + s.z + w * tz + (x * ty - y * tx);
    return target;
  }

  private draw(rng: Rng, target: Vec3): Vec3 {
    const { objLow: lo, objHigh: hi } = this.setup;
    target.x = rng.uniform(lo.x, hi.x);
    target.y = rng.uniform(lo.y, hi.y);
    target.z = rng.uniform(lo.z, hi.z);
    return target;
  }
}

/** Copy a vector's components. */
export function copy(from: Vec3, to: Vec3): void {
  to.x = from.x;
  to.y = from.y;
  to.z = from.z;
}
