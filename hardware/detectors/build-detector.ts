import { ConfigError, describeValue } from '../hardware-errors.js';
import type { KeySource } from '../input/key-source.js';
import { known, object, vec } from '../safety/safety-config.js';
import { ClassifierDetector, type ClassifierConfig } from './classifier-detector.js';
import { CombinedDetector } from './combined-detector.js';
import type { Detector } from './detector.js';
import { KeyDetector, type KeyDetectorConfig } from './key-detector.js';
import { PoseRegionDetector, type PoseRegionConfig } from './pose-region-detector.js';
import { TaskDetector } from './task-detector.js';

/** A detector as plain JSON, tagged by `kind`. */
export type DetectorConfig =
  | PoseRegionConfig
  | ClassifierConfig
  | KeyDetectorConfig
  | { kind: 'task' }
  | { kind: 'all' | 'any'; of: DetectorConfig[] };

/** What building a detector may need. */
export interface DetectorContext {
  /** Operator keys (key detector). */
  keys: KeySource | null;
}

type Builder = (c: Record<string, unknown>, path: string, ctx: DetectorContext) => Promise<Detector>;

// One builder per kind; a missing kind is a compile error.
const BUILDERS: Record<DetectorConfig['kind'], Builder> = {
  pose: async (c, path) => {
    known(c, path, ['kind', 'point', 'box', 'around']);
    const point = c['point'];
    if (typeof point !== 'string') throw new ConfigError(`${path}.point`, '"tcp" or an observation key', describeValue(point));
    const box = c['box'] === undefined ? undefined : { low: vec(object(c['box'], `${path}.box`)['low'], `${path}.box.low`), high: vec(object(c['box'], `${path}.box`)['high'], `${path}.box.high`) };
    let around: PoseRegionConfig['around'];
    if (c['around'] !== undefined) {
      const a = object(c['around'], `${path}.around`);
      if (typeof a['key'] !== 'string') throw new ConfigError(`${path}.around.key`, 'an observation key', describeValue(a['key']));
      if (typeof a['halfExtent'] !== 'number' || !(a['halfExtent'] > 0)) throw new ConfigError(`${path}.around.halfExtent`, 'a positive number of metres', describeValue(a['halfExtent']));
      around = { key: a['key'], halfExtent: a['halfExtent'] };
    }
    if (!box === !around) throw new ConfigError(path, 'exactly one of "box" and "around"', box ? 'both' : 'neither');
    return new PoseRegionDetector({ kind: 'pose', point, ...(box ? { box } : { around }) });
  },
  classifier: async (c, path) => {
    known(c, path, ['kind', 'model', 'threshold', 'frames']);
    if (typeof c['model'] !== 'string') throw new ConfigError(`${path}.model`, 'a path to an ONNX reward classifier', describeValue(c['model']));
    const threshold = c['threshold'] ?? 0.5;
    if (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1)) throw new ConfigError(`${path}.threshold`, 'a number in (0, 1)', describeValue(threshold));
    const frames = c['frames'] ?? 1;
    if (typeof frames !== 'number' || !Number.isInteger(frames) || frames < 1) throw new ConfigError(`${path}.frames`, 'an integer >= 1', describeValue(frames));
    return ClassifierDetector.load({ kind: 'classifier', model: c['model'], threshold, frames });
  },
  key: async (c, path, ctx) => {
    known(c, path, ['kind', 'successKey', 'failureKey']);
    if (!ctx.keys) throw new ConfigError(`${path}.kind`, 'a detector that needs no keyboard (no terminal here)', '"key"');
    return new KeyDetector(ctx.keys, c as unknown as KeyDetectorConfig);
  },
  task: async (c, path) => {
    known(c, path, ['kind']);
    return new TaskDetector();
  },
  all: (c, path, ctx) => combined('all', c, path, ctx),
  any: (c, path, ctx) => combined('any', c, path, ctx),
};

async function combined(mode: 'all' | 'any', c: Record<string, unknown>, path: string, ctx: DetectorContext): Promise<Detector> {
  known(c, path, ['kind', 'of']);
  const of = c['of'];
  if (!Array.isArray(of) || of.length === 0) throw new ConfigError(`${path}.of`, 'a non-empty array of detectors', describeValue(of));
  return new CombinedDetector(mode, await Promise.all(of.map((x, i) => buildDetector(x, `${path}.of[${i}]`, ctx))));
}

/**
 * Build a detector from its JSON config.
 * @throws ConfigError naming the bad field; model errors from loading a classifier.
 */
export async function buildDetector(raw: unknown, path: string, ctx: DetectorContext): Promise<Detector> {
  const c = object(raw, path);
  const kind = c['kind'];
  const build = typeof kind === 'string' ? BUILDERS[kind as DetectorConfig['kind']] : undefined;
  if (!build) throw new ConfigError(`${path}.kind`, `one of ${Object.keys(BUILDERS).join(', ')}`, describeValue(kind));
  return build(c, path, ctx);
}
