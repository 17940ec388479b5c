import { Tensor } from 'onnxruntime-node';
import type { TensorDtype } from './model-contract.js';

/** One named tensor of a model call, by its shape after the batch axis. */
export interface BatchTensorSpec {
  /** Tensor name in the graph. */
  readonly name: string;
  /** Element type. */
  readonly dtype: TensorDtype;
  /** Dimensions after the batch axis. */
  readonly dims: readonly number[];
  /** Whether the tensor is fed to the model or fetched from it. */
  readonly role: 'input' | 'output';
}

/** The tensors of one batch size, with their typed arrays for direct writes. */
export interface BatchTensorSet {
  /** Input tensors by name, to pass as feeds. */
  readonly feeds: Readonly<Record<string, Tensor>>;
  /** Output tensors by name, to pass as fetches (the model writes into them). */
  readonly fetches: Readonly<Record<string, Tensor>>;
  /** Float32 views by name (int64 tensors are absent here). */
  readonly floats: Readonly<Record<string, Float32Array>>;
  /** Int64 views by name. */
  readonly ints: Readonly<Record<string, BigInt64Array>>;
}

/**
 * Tensors allocated once per batch size and reused on every call, so the hot path of a policy
 * step allocates nothing. Holds at most `capacity` batch sizes, dropping the oldest.
 */
export class BatchTensors {
  private readonly cache = new Map<number, BatchTensorSet>();

  /**
   * @param specs tensors to allocate for each batch size.
   * @param capacity batch sizes kept at once.
   */
  constructor(private readonly specs: readonly BatchTensorSpec[], private readonly capacity = 8) {}

  /** The tensor set for `batch` rows, allocated on first use. */
  get(batch: number): BatchTensorSet {
    let set = this.cache.get(batch);
    if (set) return set;
    const feeds: Record<string, Tensor> = {};
    const fetches: Record<string, Tensor> = {};
    const floats: Record<string, Float32Array> = {};
    const ints: Record<string, BigInt64Array> = {};
    for (const s of this.specs) {
      const size = batch * s.dims.reduce((a, b) => a * b, 1);
      const dims = [batch, ...s.dims];
      const tensors = s.role === 'input' ? feeds : fetches;
      if (s.dtype === 'int64') {
        const data = new BigInt64Array(size);
        ints[s.name] = data;
        tensors[s.name] = new Tensor('int64', data, dims);
      } else {
        const data = new Float32Array(size);
        floats[s.name] = data;
        tensors[s.name] = new Tensor('float32', data, dims);
      }
    }
    set = { feeds, fetches, floats, ints };
    if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(batch, set);
    return set;
  }
}
