import onnxProto from 'onnx-proto';
import { ModelContractError } from '../policy-errors.js';

const { onnx } = onnxProto;

/** A graph input or output as the file declares it. */
export interface DeclaredTensor {
  /** Tensor name. */
  readonly name: string;
  /** Element type name (`float32`, `int64`, ...), or `non-tensor` for sequences and maps. */
  readonly dtype: string;
  /** Dimensions: a number when fixed, the symbol's name when symbolic, null when unnamed; null for unknown rank. */
  readonly dims: readonly (number | string | null)[] | null;
}

/** What the contract checks need from an ONNX file, read without creating a session. */
export interface ModelDeclaration {
  /** `metadata_props`, in file order. */
  readonly metadata: ReadonlyMap<string, string>;
  /** Graph inputs that are fed (initializers excluded). */
  readonly inputs: readonly DeclaredTensor[];
  /** Graph outputs. */
  readonly outputs: readonly DeclaredTensor[];
}

// TensorProto.DataType numbering from onnx.proto.
const DTYPES: Readonly<Record<number, string>> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
};

/**
 * Decode an ONNX ModelProto far enough to check the contract. onnxruntime-node reports input
 * and output signatures but none of the custom metadata, hence the protobuf decoder.
 * @param bytes the whole .onnx file.
 * @param label name used in the error if the bytes are not an ONNX model.
 */
export function readModelProto(bytes: Uint8Array, label: string): ModelDeclaration {
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (cause) {
    throw new ModelContractError(label, [{ where: 'file', expected: 'an ONNX ModelProto', found: `undecodable bytes (${String(cause)})` }], { cause });
  }
  const graph = model.graph;
  if (!graph) {
    throw new ModelContractError(label, [{ where: 'file', expected: 'an ONNX model with a graph', found: 'no graph' }]);
  }
  const metadata = new Map<string, string>();
  for (const entry of model.metadataProps ?? []) metadata.set(entry.key ?? '', entry.value ?? '');
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  return {
    metadata,
    inputs: (graph.input ?? []).filter((v) => !initializers.has(v.name)).map(declared),
    outputs: (graph.output ?? []).map(declared),
  };
}

function declared(value: onnxProto.onnx.IValueInfoProto): DeclaredTensor {
  const tensor = value.type?.tensorType;
  if (!tensor) return { name: value.name ?? '', dtype: 'non-tensor', dims: null };
  const dtype = DTYPES[Number(tensor.elemType ?? 0)] ?? `onnx type ${String(tensor.elemType)}`;
  const dims = tensor.shape ? (tensor.shape.dim ?? []).map((d) => dimension(d as onnxProto.onnx.TensorShapeProto.Dimension)) : null;
  return { name: value.name ?? '', dtype, dims };
}

function dimension(d: onnxProto.onnx.TensorShapeProto.Dimension): number | string | null {
  // `value` names the member of the dim_value / dim_param oneof that the file set, if any;
  // the fields themselves read as defaults (0, '') when unset.
  if (d.value === 'dimParam') return d.dimParam ?? '';
  // protobufjs decodes int64 as Long when the long package is present, else as number.
  if (d.value === 'dimValue') return Number(d.dimValue.toString());
  return null;
}
