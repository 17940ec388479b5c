import { readFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';

/**
 * Multiply-accumulates per input row of an ONNX graph's dense layers: for every MatMul or Gemm
 * whose weight is a 2-D initializer [in, out], in x out. For an MLP that is its whole cost per
 * row; the benchmark uses it to say how fast a critic's scoring runs against the CPU's limits.
 */
export function denseMacsPerRow(path: string): number {
  const graph = onnxProto.onnx.ModelProto.decode(readFileSync(path)).graph;
  const weights = new Map<string, number[]>();
  for (const t of graph?.initializer ?? []) weights.set(t.name ?? '', (t.dims ?? []).map((d) => Number(d.toString())));
  let macs = 0;
  for (const node of graph?.node ?? []) {
    if (node.opType !== 'MatMul' && node.opType !== 'Gemm') continue;
    const dims = weights.get(node.input?.[1] ?? '');
    if (dims?.length === 2) macs += dims[0]! * dims[1]!;
  }
  return macs;
}
