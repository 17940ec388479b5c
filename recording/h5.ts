import h5wasm from 'h5wasm/node';

// h5wasm's module initializes once; its dtype strings ignore size digits ('<f8' would be
// float32), so the project names its dtypes here once.
await h5wasm.ready;

/** HDF5 dtype strings as h5wasm reads them. */
export const DTYPE = { float32: '<f', float64: '<d', int64: '<q', uint8: '<B' } as const;

export { h5wasm };
