import { InvalidArgumentError } from '../../errors.js';
import { BatchTensors } from '../model/batch-tensors.js';
import type { RecurrentSpec } from '../model/model-contract.js';
import { recurrentInputName, recurrentOutputName } from '../model/model-signature.js';
import { Normalizer } from '../model/normalizer.js';
import { ObservationEncoder } from '../model/observation-encoder.js';
import { OnnxModel, type OnnxModelOptions } from '../model/onnx-model.js';
import type { ObservationBatch, ObservationLayout } from '../observation-layout.js';
import type { Policy, PolicyResetOptions } from '../policy.js';
import { PolicyError } from '../policy-errors.js';
import { copyFloats } from '../copy-floats.js';

/**
 * A bc model that carries state from step to step (`armkit.recurrent`, e.g. robomimic's BC-RNN):
 * one model call per env step on the current observation and each env's state, which starts
 * from zeros at the env's episode start and again every `resetEvery` steps, as robomimic's
 * BC_RNN.get_action resets its hidden state every `rnn.horizon` steps.
 */
export class RecurrentBcPolicy implements Policy {
  /** @inheritdoc */
  readonly layout: ObservationLayout;
  /** @inheritdoc */
  readonly actionDim: number;
  /** The state tensors and their reset period. */
  readonly recurrent: RecurrentSpec;
  private readonly encoder: ObservationEncoder;
  private readonly actions: Normalizer;
  private readonly tensors: BatchTensors;
  private readonly stateSizes: number[];
  private readonly actionAt: number;
  private readonly chunkSize: number;
  private states: Float32Array[] = [];
  private steps = new Int32Array(0);
  private frames = new Float32Array(0);
  private normalized = new Float32Array(0);
  private n = 0;
  private busy = false;
  private disposed = false;

  /** @param model a bc model with `armkit.recurrent` and a deterministic head; the policy owns it. */
  constructor(readonly model: OnnxModel) {
    const c = model.contract;
    if (c.kind !== 'bc' || !c.recurrent) {
      throw new InvalidArgumentError(`RecurrentBcPolicy: expected a bc model with armkit.recurrent, got kind ${c.kind}${c.recurrent ? '' : ' without it'}`);
    }
    if (c.head !== 'deterministic') throw new InvalidArgumentError(`RecurrentBcPolicy: expected a deterministic head, got ${c.head}`);
    if (c.horizons.observation !== 1) {
      throw new InvalidArgumentError(`RecurrentBcPolicy: expected one observation frame per step (the state holds the past), got horizons.observation ${c.horizons.observation}`);
    }
    this.recurrent = c.recurrent;
    this.encoder = new ObservationEncoder(c);
    this.layout = this.encoder.layout;
    this.actionDim = c.actionDim;
    this.actions = Normalizer.forAction(c.normalization.action, c.actionDim);
    this.actionAt = c.horizons.actionOffset * c.actionDim;
    this.chunkSize = c.horizons.prediction * c.actionDim;
    this.stateSizes = c.recurrent.state.map((s) => s.shape.reduce((a, b) => a * b, 1));
    this.tensors = new BatchTensors([
      ...this.encoder.tensorSpecs(),
      ...c.recurrent.state.map((s) => ({ name: recurrentInputName(s.name), dtype: 'float32' as const, dims: s.shape, role: 'input' as const })),
      { name: 'action', dtype: 'float32', dims: [c.horizons.prediction, c.actionDim], role: 'output' },
      ...c.recurrent.state.map((s) => ({ name: recurrentOutputName(s.name), dtype: 'float32' as const, dims: s.shape, role: 'output' as const })),
    ]);
  }

  /** Load a recurrent bc model and wrap it. */
  static async load(source: string | Uint8Array, options: OnnxModelOptions = {}): Promise<RecurrentBcPolicy> {
    const model = await OnnxModel.load(source, { ...options, expectKind: 'bc' });
    try {
      return new RecurrentBcPolicy(model);
    } catch (e) {
      await model.dispose();
      throw e;
    }
  }

  /** @inheritdoc The model draws nothing at random, so seeds are accepted and unused. */
  reset(options: PolicyResetOptions = {}): void {
    if (options.envs === undefined) {
      this.n = 0; // the next act() fixes the batch size
      return;
    }
    for (const i of options.envs) {
      if (!Number.isInteger(i) || i < 0 || i >= this.n) throw new InvalidArgumentError(`reset envs: expected indices in [0, ${this.n}), got ${i}`);
      this.steps[i] = 0;
    }
  }

  /** @inheritdoc */
  async act(obs: ObservationBatch, n: number, target?: Float32Array): Promise<Float32Array> {
    if (this.disposed) throw new PolicyError('act() after dispose()');
    if (this.busy) throw new PolicyError('act() called again before the previous act() finished');
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`act: expected a batch size n >= 1, got ${n}`);
    if (this.n !== 0 && n !== this.n) throw new InvalidArgumentError(`act: expected ${this.n} envs as in earlier steps (reset() to change), got ${n}`);
    const d = this.actionDim;
    const out = target ?? new Float32Array(n * d);
    if (out.length !== n * d) throw new InvalidArgumentError(`act target: expected ${n} x ${d} floats, got ${out.length}`);
    const first = this.n === 0;
    if (first) this.allocate(n);
    this.busy = true;
    try {
      try {
        this.layout.pack(obs, n, this.frames);
      } catch (e) {
        if (first) this.n = 0;
        throw e;
      }
      const set = this.tensors.get(n);
      this.encoder.encode(this.frames, n, set.floats);
      const every = this.recurrent.resetEvery;
      this.recurrent.state.forEach((s, k) => {
        const size = this.stateSizes[k]!;
        const input = set.floats[recurrentInputName(s.name)]!;
        input.set(this.states[k]!);
        for (let i = 0; i < n; i++) {
          const step = this.steps[i]!;
          if (step === 0 || (every !== null && step % every === 0)) input.fill(0, i * size, (i + 1) * size);
        }
      });
      await this.model.run(set.feeds, set.fetches);
      this.recurrent.state.forEach((s, k) => this.states[k]!.set(set.floats[recurrentOutputName(s.name)]!));
      const action = set.floats['action']!;
      for (let i = 0; i < n; i++) {
        copyFloats(action, i * this.chunkSize + this.actionAt, this.normalized, i * d, d);
        this.steps[i] = this.steps[i]! + 1;
      }
      this.actions.unnormalize(this.normalized, 0, out, 0, n);
    } finally {
      this.busy = false;
    }
    return out;
  }

  /** @inheritdoc */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.model.dispose();
  }

  /** Same as dispose(), for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private allocate(n: number): void {
    this.n = n;
    this.steps = new Int32Array(n);
    this.states = this.stateSizes.map((size) => new Float32Array(n * size));
    this.frames = new Float32Array(n * this.layout.frameSize);
    this.normalized = new Float32Array(n * this.actionDim);
  }
}
