import { readFileSync, writeFileSync } from 'node:fs';
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm/node';
import { RecordingError } from './recording-error.js';

/** One column to write: a flat typed array (`width` values per row, width 1 for a scalar), bools, strings, or string lists. */
export type ParquetColumn =
  | { name: string; values: Float32Array | Float64Array | BigInt64Array; width: number }
  | { name: string; bools: boolean[] }
  | { name: string; strings: string[] }
  | { name: string; stringLists: string[][] };

/**
 * Write columns as one Parquet file through Arrow (parquet-wasm). Rows of width > 1 become
 * FixedSizeList columns, which is how Hugging Face `datasets` stores a fixed-length Sequence.
 */
export function writeParquetTable(path: string, columns: readonly ParquetColumn[]): void {
  const vectors: Record<string, arrow.Vector> = {};
  for (const c of columns) {
    if ('values' in c) {
      // A copy per column: Arrow's IPC writer fails on two columns sharing one buffer.
      const flat = arrow.makeVector(c.values.slice());
      if (c.width === 1) vectors[c.name] = flat;
      else {
        const type = new arrow.FixedSizeList(c.width, new arrow.Field('item', flat.type, true));
        vectors[c.name] = arrow.makeVector(arrow.makeData({ type, length: c.values.length / c.width, child: flat.data[0]! }));
      }
    } else if ('bools' in c) vectors[c.name] = arrow.vectorFromArray(c.bools, new arrow.Bool());
    else if ('strings' in c) vectors[c.name] = arrow.vectorFromArray(c.strings, new arrow.Utf8());
    else vectors[c.name] = arrow.vectorFromArray(c.stringLists, new arrow.List(new arrow.Field('item', new arrow.Utf8(), true)));
  }
  const table = new arrow.Table(vectors);
  const wasmTable = pw.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
  writeFileSync(path, pw.writeParquet(wasmTable));
}

/** Read a Parquet file as an Arrow table. @throws RecordingError when it is not Parquet. */
export function readParquetTable(path: string): arrow.Table {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new RecordingError(`${path}: cannot be read: ${(e as Error).message}`, { cause: e });
  }
  try {
    return arrow.tableFromIPC(pw.readParquet(bytes).intoIPCStream());
  } catch (e) {
    throw new RecordingError(`${path}: not a readable Parquet file: ${String(e).split('\n')[0]}`, { cause: e });
  }
}

/** A column's element type and row width as LeRobot's info.json names them: dtype ('float32', 'int64', 'bool', ...) and shape. */
export function columnDtype(type: arrow.DataType): { dtype: string; width: number | null } {
  const listed = arrow.DataType.isFixedSizeList(type) ? { child: type.children[0]!.type, width: type.listSize as number | null } : arrow.DataType.isList(type) ? { child: type.children[0]!.type, width: null } : { child: type, width: 1 };
  return { dtype: dtypeName(listed.child), width: listed.width };
}

function dtypeName(t: arrow.DataType): string {
  if (arrow.DataType.isFloat(t)) return ({ 0: 'float16', 1: 'float32', 2: 'float64' } as Record<number, string>)[t.precision]!;
  if (arrow.DataType.isInt(t)) return `${t.isSigned ? '' : 'u'}int${t.bitWidth}`;
  if (arrow.DataType.isBool(t)) return 'bool';
  if (arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t)) return 'string';
  return String(t);
}

/**
 * A numeric column's values row after row, flattened (`width` per row), copied into `ctor`'s array.
 * @throws RecordingError (naming `file`) when a list row does not hold `width` values.
 */
export function flatColumn<T extends Float32Array | Float64Array>(table: arrow.Table, name: string, ctor: { new (n: number): T }, width: number, file = 'parquet'): T {
  const col = table.getChild(name)!;
  const out = new ctor(col.length * width);
  let at = 0;
  for (const chunk of col.data) {
    if (chunk.children.length === 0) {
      for (let i = 0; i < chunk.length; i++) out[at++] = Number(chunk.values[chunk.offset + i]);
      continue;
    }
    const child = chunk.children[0]!;
    for (let i = 0; i < chunk.length; i++) {
      // FixedSizeList rows are width apart; List rows start at their value offsets.
      const start = chunk.valueOffsets ? chunk.valueOffsets[chunk.offset + i]! : (chunk.offset + i) * width;
      const end = chunk.valueOffsets ? chunk.valueOffsets[chunk.offset + i + 1]! : start + width;
      if (end - start !== width) throw new RecordingError(`${file}: column "${name}": expected rows of ${width} values, found ${end - start} at row ${at / width}`);
      for (let k = 0; k < width; k++) out[at++] = Number(child.values[child.offset + start + k]);
    }
  }
  return out;
}
