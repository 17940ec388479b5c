import type { CameraConfig } from './camera-config.js';
import type { SceneShapes } from './scene-shapes.js';

/** What a render pass produces: colour, and the geometry pass's depth and segmentation. */
export interface RenderPasses {
  rgb: boolean;
  depth: boolean;
  segmentation: boolean;
}

/**
 * One camera's images across all envs, ManiSkill's layout: rgb (N, H, W, 3) uint8, depth
 * (N, H, W, 1) int16 millimetres along the optical axis (0 where nothing was hit), segmentation
 * (N, H, W, 1) int16 body ids (0 background, then SceneShapes.bodies + 1). Null where the pass
 * was not asked for. Buffers are reused by the next render: copy what must outlive it.
 */
export interface CameraImages {
  rgb: Uint8Array | null;
  depth: Int16Array | null;
  segmentation: Int16Array | null;
}

/** Where one render's time went, ms: drawing, reading back from the target, and copying into the outputs (transfer included). */
export interface RenderTiming {
  render: number;
  readback: number;
  copy: number;
}

/** What a batched renderer draws: every env's scene (made once) and the cameras every env has. */
export interface RenderSetup {
  scenes: SceneShapes[];
  cameras: CameraConfig[];
}

/**
 * A batched renderer: it owns every env's scene once; each render takes only body poses (each
 * env's bodies in SceneShapes order, 7 floats each, envs one after the other) and camera world
 * poses (envs x cameras, 7 floats each, ManiSkill's camera frame), draws every camera of every
 * env into tiles of one target, and reads them back at once.
 */
export interface Renderer extends AsyncDisposable {
  /** The backend's name ('chromium-webgl', ...). */
  readonly backend: string;
  /** Draw and read back; resolves to sensor images keyed by camera uid. */
  render(bodyPoses: Float32Array, cameraPoses: Float32Array, passes: RenderPasses): Promise<Record<string, CameraImages>>;
  /** The split of the last render's time. */
  readonly lastTiming: RenderTiming;
  /** Free the backend (browser, device). */
  close(): Promise<void>;
}
