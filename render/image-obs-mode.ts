import { InvalidArgumentError } from '../errors.js';
import type { RenderPasses } from './renderer.js';

/** ManiSkill's image observation modes: each renders only what it names. */
export type ImageObsMode = 'rgb' | 'depth' | 'rgbd' | 'segmentation';

/** Every image observation mode. */
export const IMAGE_OBS_MODES: readonly ImageObsMode[] = ['rgb', 'depth', 'rgbd', 'segmentation'];

const PASSES: Record<ImageObsMode, RenderPasses> = {
  rgb: { rgb: true, depth: false, segmentation: false },
  depth: { rgb: false, depth: true, segmentation: false },
  rgbd: { rgb: true, depth: true, segmentation: false },
  segmentation: { rgb: false, depth: false, segmentation: true },
};

/** The render passes an image observation mode needs. @throws InvalidArgumentError for an unknown mode. */
export function passesFor(mode: string): RenderPasses {
  const p = PASSES[mode as ImageObsMode];
  if (!p) throw new InvalidArgumentError(`unknown image observation mode "${mode}"; expected one of: ${IMAGE_OBS_MODES.join(', ')}`);
  return p;
}
