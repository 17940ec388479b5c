/**
 * The armkit model contract, version 1: what an ONNX file must hold to be run as a policy part.
 * The prose version, with examples, is policies/MODEL-CONTRACT.md; this file is its types.
 */

/** The contract version this runtime reads. */
export const CONTRACT_VERSION = 1;

/** Keys of the ONNX `metadata_props` entries the contract uses. */
export const METADATA_KEYS = {
  version: 'armkit.contract_version',
  kind: 'armkit.kind',
  observationKeys: 'armkit.observation_keys',
  actionDim: 'armkit.action_dim',
  horizons: 'armkit.horizons',
  normalization: 'armkit.normalization',
  scheduler: 'armkit.scheduler',
  head: 'armkit.head',
  sampling: 'armkit.sampling',
  recurrent: 'armkit.recurrent',
  execution: 'armkit.execution',
} as const;

/** What a model computes. */
export type ModelKind = 'bc' | 'diffusion' | 'q' | 'reward-classifier';

/** Every kind, in the order the documentation lists them. */
export const MODEL_KINDS: readonly ModelKind[] = ['bc', 'diffusion', 'q', 'reward-classifier'];

/** One named observation entry: `low_dim` vectors are concatenated into `obs`, `rgb` images get their own input. */
export interface ObservationKeySpec {
  /** Key name, e.g. `qpos` or `base_camera`. */
  readonly name: string;
  /** Shape of one frame of this key: `[d]` for low_dim, `[C, H, W]` for rgb. */
  readonly shape: readonly number[];
  /** How the key enters the network. */
  readonly type: 'low_dim' | 'rgb';
}

/** Time horizons, in control steps. */
export interface Horizons {
  /** Observation frames the model sees (To). */
  readonly observation: number;
  /** Action steps the model predicts per call (Tp). */
  readonly prediction: number;
  /** Action steps executed from each prediction before planning again (Ta). */
  readonly action: number;
  /**
   * Index in the predicted chunk of the action for the current step. diffusion_policy aligns
   * the chunk with the oldest observation frame, so it defaults to `observation - 1` there and
   * to 0 for other kinds.
   */
  readonly actionOffset: number;
}

/** Normalization of one observation key or of the action, applied as `x * scale + offset`. */
export type NormalizationSpec =
  /** Maps [min, max] to [-1, 1] per element, as diffusion_policy's limits normalizer does. */
  | { readonly mode: 'min_max'; readonly min: readonly number[]; readonly max: readonly number[] }
  /** Subtracts the mean and divides by the std, per element or per image channel. */
  | { readonly mode: 'mean_std'; readonly mean: readonly number[]; readonly std: readonly number[] }
  /** A stored scale and offset, as diffusion_policy's and LeRobot's normalizers keep them. */
  | { readonly mode: 'affine'; readonly scale: readonly number[]; readonly offset: readonly number[] }
  /** Leaves values as they are. */
  | { readonly mode: 'identity' };

/** Normalization statistics; absent entries mean identity. */
export interface NormalizationStats {
  /** Per observation key. */
  readonly observation: Readonly<Record<string, NormalizationSpec>>;
  /** For actions (model outputs for bc and diffusion, model inputs for q). */
  readonly action: NormalizationSpec;
}

/** Noise schedule and update settings of a diffusion model, named as diffusers names them. */
export interface DiffusionSchedulerConfig {
  /** Diffusion steps the network was trained with. */
  readonly numTrainTimesteps: number;
  /** How betas grow with the step. */
  readonly betaSchedule: 'linear' | 'scaled_linear' | 'squaredcos_cap_v2' | 'sigmoid' | 'laplace';
  /** Betas given one per training step instead of a schedule (diffusers' trained_betas). */
  readonly trainedBetas?: readonly number[];
  /** Rescale the betas to zero terminal SNR (Lin et al. 2024, diffusers' rescale_betas_zero_snr). */
  readonly rescaleBetasZeroSnr?: boolean;
  /** First beta of the linear schedules. */
  readonly betaStart: number;
  /** Last beta of the linear schedules. */
  readonly betaEnd: number;
  /** What the network predicts: the noise, the clean sample, or v = sqrt(abar) eps - sqrt(1 - abar) x0. */
  readonly predictionType: 'epsilon' | 'sample' | 'v_prediction';
  /** Whether the predicted clean sample is clamped to [-clipSampleRange, clipSampleRange]. */
  readonly clipSample: boolean;
  /** Bound of the clamp. */
  readonly clipSampleRange: number;
  /**
   * Dynamic thresholding of the predicted clean sample instead of the clamp (diffusers'
   * `thresholding`; absent means false).
   */
  readonly thresholding?: boolean;
  /** The quantile of |x0| per sample that sets the threshold (default 0.995). */
  readonly dynamicThresholdingRatio?: number;
  /** Largest threshold (default 1, which makes thresholding a clamp to [-1, 1]). */
  readonly sampleMaxValue?: number;
  /** How inference timesteps are spread over the training steps (diffusers' timestep_spacing). */
  readonly timestepSpacing: 'leading' | 'trailing' | 'linspace';
  /** Added to every "leading" inference timestep (diffusers' steps_offset). */
  readonly stepsOffset: number;
  /** DDIM: whether the step past t = 0 lands on alpha_bar = 1 rather than alpha_bar_0. */
  readonly setAlphaToOne: boolean;
  /**
   * DDPM's noise: `fixed_small` (and `fixed_small_log`, the same) is the posterior variance
   * beta~_t, `fixed_large` is beta_t (absent means fixed_small).
   */
  readonly varianceType?: 'fixed_small' | 'fixed_small_log' | 'fixed_large';
}

/**
 * How a diffusion model was meant to be sampled, as its training code sampled it (a converter
 * writes it: diffusion_policy's num_inference_steps and scheduler class). Runtime options override it.
 */
export interface DiffusionSampling {
  /** DDPM (ancestral) or DDIM updates. */
  readonly sampler: 'ddim' | 'ddpm';
  /** Inference steps. */
  readonly inferenceSteps: number;
  /** DDIM's noise scale. */
  readonly eta: number;
}

/** One tensor of a recurrent model's state, per env. */
export interface RecurrentStateSpec {
  /** Its graph names are `state.<name>` (in) and `next_state.<name>` (out). */
  readonly name: string;
  /** Shape after the batch axis, e.g. [layers, hidden] for an LSTM's h. */
  readonly shape: readonly number[];
}

/**
 * A bc model that carries state from step to step (robomimic's BC-RNN): the state goes in and
 * comes out of every call and starts from zeros at each episode start and every `resetEvery`
 * steps (null: only at episode starts).
 */
export interface RecurrentSpec {
  /** The state tensors, in graph order. */
  readonly state: readonly RecurrentStateSpec[];
  /** Steps after which the state starts from zeros again. */
  readonly resetEvery: number | null;
}

/** How the runner executes a model's chunks unless its options say otherwise (`armkit.execution`). */
export interface ExecutionDefaults {
  /** ACT's temporal ensembling coefficient (its `temporal_ensemble_coeff`): plan every step and average chunks. */
  readonly temporalEnsemble?: number;
}

/** Output head of a BC model. */
export type BcHead = 'deterministic' | 'gaussian';

/** A model's contract, as read from its metadata and checked against its graph. */
export interface ModelContract {
  /** Contract version the file declares. */
  readonly version: number;
  /** What the model computes. */
  readonly kind: ModelKind;
  /** Observation keys in frame order. */
  readonly observationKeys: readonly ObservationKeySpec[];
  /** Action dimension (0 for reward classifiers, which take no action). */
  readonly actionDim: number;
  /** Horizons; q and reward classifiers use only `observation`. */
  readonly horizons: Horizons;
  /** Normalization statistics. */
  readonly normalization: NormalizationStats;
  /** Diffusion settings (kind `diffusion` only). */
  readonly scheduler?: DiffusionSchedulerConfig;
  /** Default sampling of a diffusion model, when the file says (`armkit.sampling`). */
  readonly sampling?: DiffusionSampling;
  /** BC head (kind `bc` only). */
  readonly head?: BcHead;
  /** Step-to-step state (kind `bc` only, when the file has `armkit.recurrent`). */
  readonly recurrent?: RecurrentSpec;
  /** The runner's defaults from the file (kinds bc and diffusion, when it has `armkit.execution`). */
  readonly execution?: ExecutionDefaults;
  /**
   * Whether the low_dim window arrives flat, as diffusion_policy's UNet takes it: the graph input
   * `global_cond` [batch, To * D] instead of `obs` [batch, To, D] (the same floats).
   */
  readonly flatObservation: boolean;
  /** Every metadata entry of the file, the contract's and any others. */
  readonly metadata: ReadonlyMap<string, string>;
}

/** Element types the contract uses, with ONNX's names as onnxruntime reports them. */
export type TensorDtype = 'float32' | 'int64';

/** A dimension of an expected tensor: fixed, the dynamic batch axis, or another dynamic axis. */
export type ExpectedDim = number | 'batch' | 'dynamic';

/** An input or output the contract asks for. */
export interface ExpectedTensor {
  /** Tensor name in the graph. */
  readonly name: string;
  /** Element type. */
  readonly dtype: TensorDtype;
  /** Shape, batch axis first. */
  readonly dims: readonly ExpectedDim[];
}
