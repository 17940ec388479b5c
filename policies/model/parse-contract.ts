import type { ContractMismatch } from '../policy-errors.js';
import {
  CONTRACT_VERSION,
  METADATA_KEYS,
  MODEL_KINDS,
  type BcHead,
  type DiffusionSchedulerConfig,
  type Horizons,
  type ModelKind,
  type NormalizationSpec,
  type NormalizationStats,
  type ObservationKeySpec,
} from './model-contract.js';

/** The contract fields that could be read; a field is absent when its entry was missing or broken. */
export interface ParsedContract {
  version?: number;
  kind?: ModelKind;
  observationKeys?: ObservationKeySpec[];
  actionDim?: number;
  horizons?: Horizons;
  normalization?: NormalizationStats;
  scheduler?: DiffusionSchedulerConfig;
  head?: BcHead;
}

type Json = unknown;

/**
 * Read the contract's metadata entries, pushing one mismatch for each missing or malformed
 * entry and carrying on, so that the final error lists everything at once.
 */
export function parseContract(metadata: ReadonlyMap<string, string>, out: ContractMismatch[]): ParsedContract {
  const c: ParsedContract = {};
  const raw = (key: string, expected: string): string | undefined => {
    const v = metadata.get(key);
    if (v === undefined) out.push({ where: `metadata '${key}'`, expected, found: 'no such entry' });
    return v;
  };
  const json = (key: string, expected: string): Json | undefined => {
    const v = raw(key, expected);
    if (v === undefined) return undefined;
    try {
      return JSON.parse(v) as Json;
    } catch {
      out.push({ where: `metadata '${key}'`, expected: `JSON: ${expected}`, found: clip(v) });
      return undefined;
    }
  };

  const version = raw(METADATA_KEYS.version, `"${CONTRACT_VERSION}"`);
  if (version !== undefined) {
    if (version === String(CONTRACT_VERSION)) c.version = CONTRACT_VERSION;
    else out.push({ where: `metadata '${METADATA_KEYS.version}'`, expected: `"${CONTRACT_VERSION}"`, found: JSON.stringify(version) });
  }

  const kind = raw(METADATA_KEYS.kind, `one of ${MODEL_KINDS.join(', ')}`);
  if (kind !== undefined) {
    if ((MODEL_KINDS as readonly string[]).includes(kind)) c.kind = kind as ModelKind;
    else out.push({ where: `metadata '${METADATA_KEYS.kind}'`, expected: `one of ${MODEL_KINDS.join(', ')}`, found: JSON.stringify(kind) });
  }

  const keys = json(METADATA_KEYS.observationKeys, 'a non-empty array of {name, shape, type}');
  if (keys !== undefined) c.observationKeys = parseObservationKeys(keys, out);

  if (c.kind !== 'reward-classifier') {
    const dim = raw(METADATA_KEYS.actionDim, 'a positive integer');
    if (dim !== undefined) {
      const n = Number(dim);
      if (Number.isInteger(n) && n > 0) c.actionDim = n;
      else out.push({ where: `metadata '${METADATA_KEYS.actionDim}'`, expected: 'a positive integer', found: JSON.stringify(dim) });
    }
  } else {
    c.actionDim = 0;
  }

  const horizons = json(METADATA_KEYS.horizons, '{observation, prediction, action}');
  if (horizons !== undefined) c.horizons = parseHorizons(horizons, c.kind, out);

  const norm = json(METADATA_KEYS.normalization, '{observation?, action?}');
  if (norm !== undefined) c.normalization = parseNormalization(norm, c.observationKeys, c.actionDim, out);

  if (c.kind === 'diffusion') {
    const s = json(METADATA_KEYS.scheduler, '{num_train_timesteps, beta_schedule, prediction_type, clip_sample, ...}');
    if (s !== undefined) c.scheduler = parseScheduler(s, out);
  }
  if (c.kind === 'bc') {
    const head = raw(METADATA_KEYS.head, 'deterministic or gaussian');
    if (head === 'deterministic' || head === 'gaussian') c.head = head;
    else if (head !== undefined) out.push({ where: `metadata '${METADATA_KEYS.head}'`, expected: 'deterministic or gaussian', found: JSON.stringify(head) });
  }
  return c;
}

function parseObservationKeys(value: Json, out: ContractMismatch[]): ObservationKeySpec[] | undefined {
  const where = `metadata '${METADATA_KEYS.observationKeys}'`;
  if (!Array.isArray(value) || value.length === 0) {
    out.push({ where, expected: 'a non-empty array of {name, shape, type}', found: clip(JSON.stringify(value)) });
    return undefined;
  }
  const keys: ObservationKeySpec[] = [];
  const seen = new Set<string>();
  let ok = true;
  value.forEach((entry: Json, i) => {
    const e = entry as { name?: unknown; shape?: unknown; type?: unknown };
    const type = e?.type ?? 'low_dim';
    const rank = type === 'rgb' ? 3 : 1;
    const valid =
      typeof e?.name === 'string' && e.name.length > 0 && !seen.has(e.name) &&
      (type === 'low_dim' || type === 'rgb') &&
      Array.isArray(e.shape) && e.shape.length === rank && e.shape.every((d) => Number.isInteger(d) && d > 0);
    if (!valid) {
      ok = false;
      out.push({
        where: `${where}[${i}]`,
        expected: 'a unique name, type low_dim with shape [d] or rgb with shape [C, H, W]',
        found: clip(JSON.stringify(entry)),
      });
      return;
    }
    seen.add(e.name as string);
    keys.push({ name: e.name as string, shape: e.shape as number[], type: type as 'low_dim' | 'rgb' });
  });
  return ok ? keys : undefined;
}

function parseHorizons(value: Json, kind: ModelKind | undefined, out: ContractMismatch[]): Horizons | undefined {
  const where = `metadata '${METADATA_KEYS.horizons}'`;
  const h = (value ?? {}) as Record<string, unknown>;
  const actionKind = kind === 'bc' || kind === 'diffusion';
  const positive = (name: string, need: boolean): number | undefined => {
    const v = h[name];
    if (v === undefined && !need) return undefined;
    if (Number.isInteger(v) && (v as number) > 0) return v as number;
    out.push({ where: `${where}.${name}`, expected: 'a positive integer', found: v === undefined ? 'missing' : JSON.stringify(v) });
    return undefined;
  };
  const observation = positive('observation', true);
  const prediction = positive('prediction', actionKind) ?? (actionKind ? undefined : 1);
  const action = positive('action', actionKind) ?? (actionKind ? undefined : 1);
  if (observation === undefined || prediction === undefined || action === undefined) return undefined;
  let actionOffset = kind === 'diffusion' ? observation - 1 : 0;
  if (h['action_offset'] !== undefined) {
    const v = h['action_offset'];
    if (Number.isInteger(v) && (v as number) >= 0) actionOffset = v as number;
    else out.push({ where: `${where}.action_offset`, expected: 'an integer >= 0', found: JSON.stringify(v) });
  }
  if (actionKind && actionOffset + action > prediction) {
    out.push({
      where,
      expected: 'action_offset + action <= prediction (executed steps lie inside the predicted chunk)',
      found: `${actionOffset} + ${action} > ${prediction}`,
    });
    return undefined;
  }
  return { observation, prediction, action, actionOffset };
}

function parseNormalization(
  value: Json,
  keys: readonly ObservationKeySpec[] | undefined,
  actionDim: number | undefined,
  out: ContractMismatch[],
): NormalizationStats | undefined {
  const where = `metadata '${METADATA_KEYS.normalization}'`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.push({ where, expected: 'an object {observation?, action?}', found: clip(JSON.stringify(value)) });
    return undefined;
  }
  const v = value as { observation?: unknown; action?: unknown };
  let ok = true;
  const observation: Record<string, NormalizationSpec> = {};
  if (v.observation !== undefined) {
    if (typeof v.observation !== 'object' || v.observation === null) {
      out.push({ where: `${where}.observation`, expected: 'an object keyed by observation key', found: clip(JSON.stringify(v.observation)) });
      ok = false;
    } else {
      for (const [name, spec] of Object.entries(v.observation)) {
        const key = keys?.find((k) => k.name === name);
        if (keys && !key) {
          out.push({ where: `${where}.observation.${name}`, expected: `one of the observation keys (${keys.map((k) => k.name).join(', ')})`, found: name });
          ok = false;
          continue;
        }
        const parsed = parseSpec(spec, key ? sizesOf(key) : undefined, `${where}.observation.${name}`, out);
        if (parsed) observation[name] = parsed;
        else ok = false;
      }
    }
  }
  let action: NormalizationSpec = { mode: 'identity' };
  if (v.action !== undefined) {
    const dims = actionDim ? [actionDim] : undefined;
    const parsed = parseSpec(v.action, dims, `${where}.action`, out);
    if (parsed) action = parsed;
    else ok = false;
  }
  return ok ? { observation, action } : undefined;
}

/** Lengths a statistics vector may have: one per element, or one per channel for images. */
function sizesOf(key: ObservationKeySpec): number[] {
  const size = key.shape.reduce((a, b) => a * b, 1);
  return key.type === 'rgb' ? [key.shape[0]!, size] : [size];
}

function parseSpec(value: Json, sizes: readonly number[] | undefined, where: string, out: ContractMismatch[]): NormalizationSpec | undefined {
  const s = (value ?? {}) as Record<string, unknown>;
  const vec = (name: string): number[] | undefined => {
    const a = s[name];
    const good = Array.isArray(a) && a.every((x) => typeof x === 'number' && Number.isFinite(x)) && (!sizes || sizes.includes(a.length));
    if (good) return a as number[];
    const len = sizes ? `${sizes.join(' or ')} finite numbers` : 'finite numbers';
    out.push({ where: `${where}.${name}`, expected: len, found: Array.isArray(a) ? `${a.length} values` : JSON.stringify(a) ?? 'missing' });
    return undefined;
  };
  switch (s['mode']) {
    case 'identity':
      return { mode: 'identity' };
    case 'min_max': {
      const min = vec('min');
      const max = vec('max');
      if (!min || !max) return undefined;
      if (min.length !== max.length || min.some((m, i) => m > max[i]!)) {
        out.push({ where, expected: 'min and max of equal length with min <= max', found: 'min > max or unequal lengths' });
        return undefined;
      }
      return { mode: 'min_max', min, max };
    }
    case 'mean_std': {
      const mean = vec('mean');
      const std = vec('std');
      if (!mean || !std) return undefined;
      if (mean.length !== std.length || std.some((x) => !(x > 0))) {
        out.push({ where, expected: 'mean and std of equal length with std > 0', found: 'std <= 0 or unequal lengths' });
        return undefined;
      }
      return { mode: 'mean_std', mean, std };
    }
    default:
      out.push({ where: `${where}.mode`, expected: 'min_max, mean_std or identity', found: JSON.stringify(s['mode']) ?? 'missing' });
      return undefined;
  }
}

function parseScheduler(value: Json, out: ContractMismatch[]): DiffusionSchedulerConfig | undefined {
  const where = `metadata '${METADATA_KEYS.scheduler}'`;
  const s = (value ?? {}) as Record<string, unknown>;
  const bad = (field: string, expected: string) => out.push({ where: `${where}.${field}`, expected, found: JSON.stringify(s[field]) ?? 'missing' });
  const before = out.length;
  const steps = s['num_train_timesteps'];
  if (!(Number.isInteger(steps) && (steps as number) > 1)) bad('num_train_timesteps', 'an integer > 1');
  const schedule = s['beta_schedule'];
  if (schedule !== 'linear' && schedule !== 'squaredcos_cap_v2') bad('beta_schedule', 'linear or squaredcos_cap_v2');
  const betaStart = s['beta_start'] ?? 0.0001;
  const betaEnd = s['beta_end'] ?? 0.02;
  if (!(typeof betaStart === 'number' && betaStart > 0 && betaStart < 1)) bad('beta_start', 'a number in (0, 1)');
  if (!(typeof betaEnd === 'number' && betaEnd > 0 && betaEnd < 1)) bad('beta_end', 'a number in (0, 1)');
  const prediction = s['prediction_type'];
  if (prediction !== 'epsilon' && prediction !== 'sample') bad('prediction_type', 'epsilon or sample');
  const clip = s['clip_sample'] ?? true;
  if (typeof clip !== 'boolean') bad('clip_sample', 'true or false');
  const range = s['clip_sample_range'] ?? 1;
  if (!(typeof range === 'number' && range > 0)) bad('clip_sample_range', 'a positive number');
  if (out.length > before) return undefined;
  return {
    numTrainTimesteps: steps as number,
    betaSchedule: schedule as DiffusionSchedulerConfig['betaSchedule'],
    betaStart: betaStart as number,
    betaEnd: betaEnd as number,
    predictionType: prediction as DiffusionSchedulerConfig['predictionType'],
    clipSample: clip as boolean,
    clipSampleRange: range as number,
  };
}

function clip(text: string | undefined): string {
  const t = text ?? 'undefined';
  return t.length > 120 ? `${t.slice(0, 117)}...` : t;
}
