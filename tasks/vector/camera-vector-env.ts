import { cameraImageKey, type CameraConfig } from '../../render/camera-config.js';
import { writeCameraPoses, type LinkPoses } from '../../render/camera-poses.js';
import type { Pose } from '../../math/pose.js';
import { ChromiumRenderer } from '../../render/chromium/chromium-renderer.js';
import { passesFor, type ImageObsMode } from '../../render/image-obs-mode.js';
import type { CameraImages, Renderer, RenderPasses, RenderSetup } from '../../render/renderer.js';
import { sceneShapes, writeBodyPoses, type SceneShapes } from '../../render/scene-shapes.js';
import type { EnvSpec, SyncEnv } from '../env.js';
import { makeEnv, type MakeEnvOptions } from '../make-env.js';
import { BoxSpace } from '../space.js';
import { InvalidArgumentError } from '../../errors.js';
import { taskCameras } from '../task-cameras.js';
import type { VectorEnv, VectorStep } from '../vector-env.js';
import { SyncVectorEnv } from './sync-vector-env.js';

/** ManiSkill's `sensor_data`: per camera uid, its images over the batch (see CameraImages). */
export type SensorData = Record<string, CameraImages>;

/** One step of a camera vector env: the state batch and the sensor images of every env. */
export interface CameraVectorStep extends VectorStep {
  sensorData: SensorData;
}

/** Cumulative time per part of the env steps since the last resetTiming(), ms. */
export interface CameraEnvTiming {
  physics: number;
  render: number;
  readback: number;
  copy: number;
}

/** How openCameraVectorEnv makes its envs and renderer. */
export interface CameraVectorEnvOptions extends Omit<MakeEnvOptions, 'obsMode'> {
  obsMode: ImageObsMode;
  /** Cameras of every env (default: the task's, tasks/task-cameras.ts). */
  cameras?: readonly CameraConfig[];
  /** The renderer backend (default: three.js WebGL in headless Chromium). */
  openRenderer?: (setup: RenderSetup) => Promise<Renderer>;
  /**
   * Put each camera's colour image into the observation frame as `<camera>_image`, channels
   * first ([3, H, W] floats 0..255, the contract's rgb key layout), after the state fields, so
   * that a policy reading images acts on them; needs an rgb mode.
   */
  imagesInObservation?: boolean;
}


/**
 * N simulated envs in lockstep whose observations carry camera images, ManiSkill's image obs
 * modes: the state batch as in 'state' mode plus `sensorData` rendered by one batched renderer
 * for all envs (only the passes the mode needs). Asynchronous: the renderer answers later.
 * The state-mode envs are untouched, so 'state' costs nothing extra.
 */
export class CameraVectorEnv implements VectorEnv, AsyncDisposable {
  readonly numEnvs: number;
  readonly envs: readonly SyncEnv[];
  readonly timing: CameraEnvTiming = { physics: 0, render: 0, readback: 0, copy: 0 };
  private readonly passes: RenderPasses;
  private readonly bodyPoses: Float32Array;
  private readonly cameraPoses: Float32Array;
  private last: SensorData = {};
  // Cameras on a link move with the arm: their poses are written again before every render.
  private readonly mounted: boolean;
  private readonly links: LinkPoses[];
  // With images in the observation: the frame layout and one batch buffer reused every step.
  private readonly space: BoxSpace;
  private readonly frames: Float32Array | null;

  private constructor(
    private readonly inner: SyncVectorEnv,
    readonly renderer: Renderer,
    private readonly shapes: SceneShapes[],
    readonly cameras: readonly CameraConfig[],
    readonly obsMode: ImageObsMode,
    imagesInObservation: boolean,
  ) {
    this.envs = inner.envs as readonly SyncEnv[];
    this.numEnvs = inner.numEnvs;
    this.passes = passesFor(obsMode);
    this.bodyPoses = new Float32Array(shapes.reduce((n, s) => n + 7 * s.handles.length, 0));
    this.cameraPoses = new Float32Array(7 * cameras.length * this.numEnvs);
    this.mounted = cameras.some((c) => c.mount !== null);
    this.links = this.envs.map((e) => (link: string, target: Pose) => e.physics.scene.arm.linkPose(link, target));
    this.writeCameraPoses();
    const state = inner.observationSpace;
    if (!imagesInObservation) {
      this.space = state;
      this.frames = null;
      return;
    }
    if (!this.passes.rgb) throw new InvalidArgumentError(`images in the observation need an rgb observation mode; ${obsMode} renders no colour`);
    const fields = [...state.fields];
    let size = state.size;
    for (const c of cameras) {
      fields.push({ key: cameraImageKey(c.uid), offset: size, size: 3 * c.height * c.width });
      size += 3 * c.height * c.width;
    }
    const low = new Float32Array(size);
    const high = new Float32Array(size).fill(255);
    low.set(state.low);
    high.set(state.high);
    this.space = new BoxSpace(low, high, fields);
    this.frames = new Float32Array(this.numEnvs * size);
  }

  /**
   * Make `numEnvs` envs of a registered task and one renderer for all of them.
   * @throws InvalidArgumentError for an unknown mode; SimError for a camera on a link the robot lacks; RegistryError for a task
   * without default cameras; ArmkitError when the renderer cannot start.
   */
  static async open(id: string, numEnvs: number, options: CameraVectorEnvOptions): Promise<CameraVectorEnv> {
    passesFor(options.obsMode);
    const { obsMode, cameras: given, openRenderer, imagesInObservation, ...make } = options;
    const cameras = given ?? taskCameras(id);
    const inner = new SyncVectorEnv(Array.from({ length: numEnvs }, () => makeEnv(id, { ...make, obsMode: 'state' })));
    try {
      const shapes = (inner.envs as readonly SyncEnv[]).map((e) => sceneShapes(e.physics.scene));
      const renderer = await (openRenderer ?? ChromiumRenderer.open)({ scenes: shapes, cameras: [...cameras] });
      try {
        return new CameraVectorEnv(inner, renderer, shapes, cameras, obsMode, imagesInObservation === true);
      } catch (e) {
        await renderer.close();
        throw e;
      }
    } catch (e) {
      inner.close();
      throw e;
    }
  }

  get spec(): EnvSpec {
    return this.inner.spec;
  }

  get observationSpace(): BoxSpace {
    return this.space;
  }

  get actionSpace(): BoxSpace {
    return this.inner.actionSpace;
  }

  /** The images of the last reset or step (reused buffers). */
  get sensorData(): SensorData {
    return this.last;
  }

  async reset(seeds: ArrayLike<number>, options?: Record<string, unknown>): Promise<Float32Array> {
    const obs = this.inner.reset(seeds, options) as Float32Array;
    await this.render();
    return this.withImages(obs);
  }

  async step(actions: Float32Array): Promise<CameraVectorStep> {
    const t0 = performance.now();
    const r = this.inner.step(actions) as VectorStep;
    this.timing.physics += performance.now() - t0;
    await this.render();
    return { ...r, obs: this.withImages(r.obs), sensorData: this.last };
  }

  // The state batch with every camera's image appended to each env's frame, HWC bytes to CHW floats.
  private withImages(state: Float32Array): Float32Array {
    const out = this.frames;
    if (!out) return state;
    const s = this.inner.observationSpace.size;
    const f = this.space.size;
    for (let i = 0; i < this.numEnvs; i++) {
      out.set(state.subarray(i * s, (i + 1) * s), i * f);
      let o = i * f + s;
      for (const c of this.cameras) {
        const rgb = this.last[c.uid]!.rgb!;
        const hw = c.height * c.width;
        const base = i * hw * 3;
        for (let p = 0; p < hw; p++) {
          out[o + p] = rgb[base + 3 * p]!;
          out[o + hw + p] = rgb[base + 3 * p + 1]!;
          out[o + 2 * hw + p] = rgb[base + 3 * p + 2]!;
        }
        o += 3 * hw;
      }
    }
    return out;
  }

  /** Zero the cumulative timing. */
  resetTiming(): void {
    Object.assign(this.timing, { physics: 0, render: 0, readback: 0, copy: 0 });
  }

  close(): void {
    this.inner.close();
    void this.renderer.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.inner.close();
    await this.renderer.close();
  }

  private writeCameraPoses(): void {
    for (let i = 0, o = 0; i < this.numEnvs; i++) o = writeCameraPoses(this.cameras, this.cameraPoses, o, this.links[i]!);
  }

  private async render(): Promise<void> {
    const t0 = performance.now();
    if (this.mounted) this.writeCameraPoses();
    for (let i = 0, o = 0; i < this.numEnvs; i++) o = writeBodyPoses(this.envs[i]!.physics.scene, this.shapes[i]!, this.bodyPoses, o);
    const copy0 = performance.now() - t0;
    this.last = await this.renderer.render(this.bodyPoses, this.cameraPoses, this.passes);
    const t = this.renderer.lastTiming;
    this.timing.render += t.render;
    this.timing.readback += t.readback;
    this.timing.copy += t.copy + copy0;
  }
}
