import { ConfigError } from '../hardware-errors.js';
import type { KeySource } from '../input/key-source.js';
import { parseConfig } from '../parse-config.js';
import { ClassifierDetector, type ClassifierConfig } from './classifier-detector.js';
import { CombinedDetector } from './combined-detector.js';
import type { Detector } from './detector.js';
import { DETECTOR_SCHEMA, type DetectorConfig } from './detector-config.js';
import { KeyDetector, type KeyDetectorConfig } from './key-detector.js';
import { PoseRegionDetector, type PoseRegionConfig } from './pose-region-detector.js';
import { TaskDetector } from './task-detector.js';

/** What building a detector may need. */
export interface DetectorContext {
  /** Operator keys (key detector). */
  keys: KeySource | null;
}

type Builder = (c: never, path: string, ctx: DetectorContext) => Promise<Detector>;

// One builder per kind; a missing kind is a compile error.
const BUILDERS: Record<DetectorConfig['kind'], Builder> = {
  pose: async (c: PoseRegionConfig) => new PoseRegionDetector(c),
  classifier: (c: ClassifierConfig) => ClassifierDetector.load(c),
  key: async (c: KeyDetectorConfig, path: string, ctx: DetectorContext) => {
    if (!ctx.keys) throw ConfigError.at(`${path}.kind`, 'a detector that needs no keyboard (no terminal here)', '"key"');
    return new KeyDetector(ctx.keys, c);
  },
  task: async () => new TaskDetector(),
  all: combined,
  any: combined,
};

async function combined(c: { kind: 'all' | 'any'; of: DetectorConfig[] }, path: string, ctx: DetectorContext): Promise<Detector> {
  return new CombinedDetector(c.kind, await Promise.all(c.of.map((d, i) => build(d, `${path}.of[${i}]`, ctx))));
}

function build(c: DetectorConfig, path: string, ctx: DetectorContext): Promise<Detector> {
  return BUILDERS[c.kind](c as never, path, ctx);
}

/**
 * Build a detector from its JSON config.
 * @throws ConfigError listing every bad field; model errors from loading a classifier.
 */
export async function buildDetector(raw: unknown, path: string, ctx: DetectorContext): Promise<Detector> {
  return build(parseConfig(DETECTOR_SCHEMA, raw, path), path, ctx);
}
