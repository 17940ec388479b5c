import * as v from 'valibot';
import { fields, noArrays, strictFields } from '../../schema-problems.js';
import { CONTRACT_VERSION, METADATA_KEYS as K, MODEL_KINDS, type ExecutionDefaults, type RecurrentSpec, type DiffusionSampling, type DiffusionSchedulerConfig, type Horizons, type ModelKind, type ObservationKeySpec } from './model-contract.js';

// Schemas of the contract's metadata entries (policies/MODEL-CONTRACT.md), each as its JSON
// decodes. What depends on another entry (kind, observation keys, action size) is a parameter.

const positive = v.message(v.pipe(v.number(), v.integer(), v.minValue(1)), 'a positive integer');

/** `armkit.contract_version`. */
export const VERSION_SCHEMA = v.pipe(v.literal(String(CONTRACT_VERSION), `"${CONTRACT_VERSION}"`), v.transform(() => CONTRACT_VERSION));

/** `armkit.kind`. */
export const KIND_SCHEMA = v.picklist(MODEL_KINDS);

/** `armkit.action_dim`: a positive integer, as text. */
export const ACTION_DIM_SCHEMA = v.message(v.pipe(v.string(), v.check((s) => Number.isInteger(Number(s)) && Number(s) > 0), v.transform(Number)), 'a positive integer');

/** `armkit.head` of a bc model. */
export const HEAD_SCHEMA = v.picklist(['deterministic', 'gaussian'], 'deterministic or gaussian');

type Key = { name: string; shape: number[]; type: 'low_dim' | 'rgb' };
const OBSERVATION_KEY = v.pipe(
  fields({ name: v.message(v.pipe(v.string(), v.minLength(1)), 'a non-empty name'), shape: v.array(positive, 'an array of sizes'), type: v.optional(v.picklist(['low_dim', 'rgb']), 'low_dim') }, '{name, shape, type}'),
  v.forward<Key, v.CheckIssue<Key>, ['shape']>(v.check((k) => k.shape.length === (k.type === 'rgb' ? 3 : 1), 'shape [d] for low_dim, [C, H, W] for rgb'), ['shape']),
);

/** `armkit.observation_keys`. */
export const OBSERVATION_KEYS_SCHEMA = v.pipe(
  v.array(OBSERVATION_KEY, 'a non-empty array of {name, shape, type}'),
  v.minLength(1, 'a non-empty array of {name, shape, type}'),
  v.rawCheck<Key[]>(({ dataset, addIssue }) => {
    const names = dataset.typed ? dataset.value.map((k) => k.name) : [];
    const twice = names.filter((n, i) => names.indexOf(n) !== i);
    if (twice.length > 0) addIssue({ message: 'observation keys with unique names', received: `${twice.map((n) => JSON.stringify(n)).join(', ')} more than once` });
  }),
);

/** `armkit.horizons`; bc and diffusion need every horizon, and their executed steps inside the predicted chunk. */
export function horizonsSchema(kind?: ModelKind) {
  const actionKind = kind === 'bc' || kind === 'diffusion';
  const steps = actionKind ? positive : v.optional(positive, 1);
  const offset = v.optional(v.message(v.pipe(v.number(), v.integer(), v.minValue(0)), 'an integer >= 0'));
  return v.pipe(
    fields({ observation: positive, prediction: steps, action: steps, action_offset: offset }, '{observation, prediction, action}'),
    // diffusion_policy aligns the chunk with the oldest observation frame.
    v.transform(({ observation, prediction, action, action_offset }): Horizons => ({ observation, prediction, action, actionOffset: action_offset ?? (kind === 'diffusion' ? observation - 1 : 0) })),
    v.rawCheck<Horizons>(({ dataset, addIssue }) => {
      const h = dataset.value as Horizons;
      if (dataset.typed && actionKind && h.actionOffset + h.action > h.prediction) {
        addIssue({ message: 'action_offset + action <= prediction (executed steps lie inside the predicted chunk)', received: `${h.actionOffset} + ${h.action} > ${h.prediction}` });
      }
    }),
  );
}

// Statistics vectors: one entry per element, or per channel for images (`sizes`, when known).
const stats = (sizes?: readonly number[]) =>
  v.message(
    v.pipe(
      v.array(v.pipe(v.number(), v.finite())),
      v.rawCheck<number[]>(({ dataset, addIssue }) => {
        if (dataset.typed && sizes && !sizes.includes(dataset.value.length)) addIssue({ received: `${dataset.value.length} values` });
      }),
    ),
    `${sizes ? `${sizes.join(' or ')} ` : ''}finite numbers`,
  );

const spec = (sizes?: readonly number[]) =>
  v.variant('mode', [
    v.pipe(fields({ mode: v.literal('min_max'), min: stats(sizes), max: stats(sizes) }), v.check((s) => s.min.length === s.max.length && s.min.every((m, i) => m <= s.max[i]!), 'min and max of equal length with min <= max')),
    v.pipe(fields({ mode: v.literal('mean_std'), mean: stats(sizes), std: stats(sizes) }), v.check((s) => s.mean.length === s.std.length && s.std.every((x) => x >= 0), 'mean and std of equal length with std >= 0')),
    v.pipe(fields({ mode: v.literal('affine'), scale: stats(sizes), offset: stats(sizes) }), v.check((s) => s.scale.length === s.offset.length && s.scale.every((x) => x !== 0), 'scale and offset of equal length with no scale 0')),
    fields({ mode: v.literal('identity') }),
  ]);

/** `armkit.normalization`; with the observation keys and action size known, names and vector lengths are checked too. */
export function normalizationSchema(keys?: readonly ObservationKeySpec[], actionDim?: number) {
  const sizes = (k: ObservationKeySpec) => {
    const size = k.shape.reduce((a, b) => a * b, 1);
    return k.type === 'rgb' ? [k.shape[0]!, size] : [size];
  };
  const byKey = keys ? strictFields(Object.fromEntries(keys.map((k) => [k.name, v.optional(spec(sizes(k)))]))) : noArrays(v.record(v.string(), spec()));
  return fields({ observation: v.optional(byKey, {}), action: v.optional(spec(actionDim ? [actionDim] : undefined), { mode: 'identity' }) }, 'an object {observation?, action?}');
}

// diffusers' DDIMScheduler/DDPMScheduler fields, with their defaults.
const SCHEDULER_FIELDS = strictFields(
  {
    num_train_timesteps: v.message(v.pipe(v.number(), v.integer(), v.minValue(2)), 'an integer > 1'),
    beta_schedule: v.picklist(['linear', 'scaled_linear', 'squaredcos_cap_v2', 'sigmoid', 'laplace'], 'linear, scaled_linear, squaredcos_cap_v2, sigmoid or laplace'),
    beta_start: v.optional(v.message(v.pipe(v.number(), v.gtValue(0), v.ltValue(1)), 'a number in (0, 1)'), 0.0001),
    beta_end: v.optional(v.message(v.pipe(v.number(), v.gtValue(0), v.ltValue(1)), 'a number in (0, 1)'), 0.02),
    prediction_type: v.optional(v.picklist(['epsilon', 'sample', 'v_prediction'], 'epsilon, sample or v_prediction'), 'epsilon'),
    clip_sample: v.optional(v.message(v.boolean(), 'true or false'), true),
    clip_sample_range: v.optional(v.message(v.pipe(v.number(), v.gtValue(0)), 'a positive number'), 1),
    timestep_spacing: v.optional(v.picklist(['leading', 'trailing', 'linspace'], 'leading, trailing or linspace'), 'leading'),
    steps_offset: v.optional(v.message(v.pipe(v.number(), v.integer(), v.minValue(0)), 'an integer >= 0'), 0),
    set_alpha_to_one: v.optional(v.message(v.boolean(), 'true or false'), true),
    thresholding: v.optional(v.message(v.boolean(), 'true or false'), false),
    dynamic_thresholding_ratio: v.optional(v.message(v.pipe(v.number(), v.gtValue(0), v.maxValue(1)), 'a number in (0, 1]'), 0.995),
    sample_max_value: v.optional(v.message(v.pipe(v.number(), v.gtValue(0)), 'a positive number'), 1),
    rescale_betas_zero_snr: v.optional(v.message(v.boolean(), 'true or false'), false),
    trained_betas: v.optional(v.nullable(v.message(v.array(v.pipe(v.number(), v.gtValue(0), v.ltValue(1))), 'null or a list of betas in (0, 1)')), null),
    // fixed_small_log is fixed_small (exp(log(v) / 2) = sqrt(v)); fixed_large_log gives NaN in
    // diffusers (the square root of a log below 0); learned ones need a variance output.
    variance_type: v.optional(v.picklist(['fixed_small', 'fixed_small_log', 'fixed_large'], 'fixed_small, fixed_small_log or fixed_large (no learned variance)'), 'fixed_small'),
    // diffusers' bookkeeping in saved configs.
    _class_name: v.optional(v.string()),
    _diffusers_version: v.optional(v.string()),
  },
  '{num_train_timesteps, beta_schedule, prediction_type, clip_sample, ...}',
);
type SchedulerFields = v.InferOutput<typeof SCHEDULER_FIELDS>;

/**
 * `armkit.scheduler` of a diffusion model: diffusers' DDIMScheduler/DDPMScheduler config, with
 * its defaults. Every field is honored, or refused when set to what armkit does not do; a field
 * diffusers does not have is refused too.
 */
export const SCHEDULER_SCHEMA = v.pipe(
  SCHEDULER_FIELDS,
  v.forward<SchedulerFields, v.CheckIssue<SchedulerFields>, ['trained_betas']>(
    v.check((s) => s.trained_betas === null || s.trained_betas.length === s.num_train_timesteps, 'one trained beta per training step (num_train_timesteps)'),
    ['trained_betas'],
  ),
  // The contract names diffusers' fields in camelCase and drops diffusers' bookkeeping.
  v.transform(({ trained_betas, _class_name, _diffusers_version, ...s }): DiffusionSchedulerConfig => ({ ...camelKeys(s), ...(trained_betas ? { trainedBetas: trained_betas } : {}) })),
);

type Camel<S extends string> = S extends `${infer A}_${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;

// `beta_start: x` as `betaStart: x`, typed.
function camelKeys<T extends object>(o: T): { [F in keyof T & string as Camel<F>]: T[F] } {
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), x])) as never;
}

/** `armkit.sampling` of a diffusion model (optional): the sampler and steps it was meant for. */
export const SAMPLING_SCHEMA = v.pipe(
  strictFields(
    {
      sampler: v.picklist(['ddim', 'ddpm'], 'ddim or ddpm'),
      inference_steps: positive,
      eta: v.optional(v.message(v.pipe(v.number(), v.minValue(0)), 'a number >= 0'), 0),
    },
    '{sampler, inference_steps, eta?}',
  ),
  v.transform((s): DiffusionSampling => ({ sampler: s.sampler, inferenceSteps: s.inference_steps, eta: s.eta })),
);

/** `armkit.recurrent` of a bc model: its state tensors and how often they start from zeros again. */
export const RECURRENT_SCHEMA = v.pipe(
  strictFields(
    {
      state: v.pipe(
        v.array(strictFields({ name: v.message(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_]+$/)), 'a name of letters, digits and _'), shape: v.array(positive, 'an array of sizes') }, '{name, shape}'), 'a non-empty array of {name, shape}'),
        v.minLength(1, 'a non-empty array of {name, shape}'),
      ),
      reset_every: v.optional(v.nullable(positive), null),
    },
    '{state, reset_every?}',
  ),
  v.transform((r): RecurrentSpec => ({ state: r.state, resetEvery: r.reset_every })),
);

/** `armkit.execution` of a bc or diffusion model: the runner's defaults. */
export const EXECUTION_SCHEMA = v.pipe(
  strictFields({ temporal_ensemble: v.optional(v.message(v.pipe(v.number(), v.minValue(0)), 'a number >= 0')) }, '{temporal_ensemble?}'),
  v.transform((e): ExecutionDefaults => (e.temporal_ensemble !== undefined ? { temporalEnsemble: e.temporal_ensemble } : {})),
);

/**
 * A model's whole contract metadata, JSON entries decoded (policies/model-contract.schema.json).
 * Which entries a kind needs is in MODEL-CONTRACT.md; parseContract checks that too.
 */
export const MODEL_METADATA_SCHEMA = v.pipe(
  v.object({
    [K.version]: VERSION_SCHEMA,
    [K.kind]: KIND_SCHEMA,
    [K.observationKeys]: OBSERVATION_KEYS_SCHEMA,
    [K.actionDim]: v.optional(ACTION_DIM_SCHEMA),
    [K.horizons]: horizonsSchema(),
    [K.normalization]: normalizationSchema(),
    [K.scheduler]: v.optional(SCHEDULER_SCHEMA),
    [K.sampling]: v.optional(SAMPLING_SCHEMA),
    [K.head]: v.optional(HEAD_SCHEMA),
    [K.recurrent]: v.optional(RECURRENT_SCHEMA),
    [K.execution]: v.optional(EXECUTION_SCHEMA),
  }),
  v.title('armkit model contract metadata'),
  v.description(
    `The metadata_props of an armkit ONNX model (policies/MODEL-CONTRACT.md), version ${CONTRACT_VERSION}. The entries ${K.observationKeys}, ${K.horizons}, ${K.normalization} and ${K.scheduler} hold JSON text and are shown decoded; ${K.actionDim} is needed by every kind but reward-classifier, ${K.scheduler} by diffusion, ${K.head} by bc.`,
  ),
);
