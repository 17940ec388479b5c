import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { resourceError } from '../../errors.js';
import { PolicyError } from '../policy-errors.js';
import { checkContract } from './check-contract.js';
import { createProviderSession, type ExecutionOptions, type ExecutionProviderName } from './execution-provider.js';
import type { ModelContract, ModelKind } from './model-contract.js';
import { readModelProto } from './read-model-proto.js';

/** How to load a model. */
export interface OnnxModelOptions extends ExecutionOptions {
  /** Refuse the model unless it is of this kind. */
  readonly expectKind?: ModelKind;
  /** Name used in messages (default: the file's base name, or `<bytes>`). */
  readonly label?: string;
}

/**
 * An ONNX model that satisfies the armkit contract, with a live session on some execution
 * provider. Feeds and fetches are caller-owned tensors, so a caller that keeps them runs
 * without allocating.
 */
export class OnnxModel implements AsyncDisposable {
  private session: InferenceSession | null;

  private constructor(
    /** Name used in messages. */
    readonly label: string,
    /** The contract the model satisfies. */
    readonly contract: ModelContract,
    /** The provider running the model. */
    readonly provider: ExecutionProviderName,
    session: InferenceSession,
  ) {
    this.session = session;
  }

  /**
   * Read a model, check it against the contract, then create its session.
   * @param source a path to an .onnx file or its bytes.
   * @throws ModelContractError listing every mismatch; ExecutionProviderError when no provider could
   * host it; ResourceError when the file cannot be read.
   */
  static async load(source: string | Uint8Array, options: OnnxModelOptions = {}): Promise<OnnxModel> {
    const bytes = typeof source === 'string' ? await readModelFile(source) : source;
    const label = options.label ?? (typeof source === 'string' ? basename(source) : '<bytes>');
    const contract = checkContract(readModelProto(bytes, label), label, options.expectKind);
    const { session, provider } = await createProviderSession(bytes, label, options);
    return new OnnxModel(label, contract, provider, session);
  }

  /**
   * Run once. Outputs are written into the tensors of `fetches`, which must have the output's
   * dtype and shape for this batch.
   */
  async run(feeds: Readonly<Record<string, Tensor>>, fetches: Readonly<Record<string, Tensor>>): Promise<void> {
    if (!this.session) throw new PolicyError(`model ${this.label}: run() after dispose()`);
    await this.session.run(feeds, fetches);
  }

  /** Release the session; later calls to run() throw. Safe to call twice. */
  async dispose(): Promise<void> {
    const s = this.session;
    this.session = null;
    await s?.release();
  }

  /** Same as dispose(), for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    throw resourceError(`cannot read ${path}`, e);
  }
}
