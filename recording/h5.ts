import h5wasm from 'h5wasm/node';

// h5wasm's module initializes once; its dtype strings ignore size digits ('<f8' would be
// float32), so the project names its dtypes here once.
const module = await h5wasm.ready;
// By default HDF5 prints its diagnostic stack to the terminal and the call carries on as if it
// had worked (a file never created, a write never made). This handler makes every failed HDF5
// call throw instead, with that stack as the message, which hdf5Reason folds into one line.
module.activate_throwing_error_handler();

/** HDF5 dtype strings as h5wasm reads them. */
export const DTYPE = { float32: '<f', float64: '<d', int64: '<q', uint8: '<B' } as const;

/**
 * Why an HDF5 call failed, in one line: the innermost entry of HDF5's error stack (where the
 * cause is named), the system's reason when it gives one, a truncated file's sizes.
 */
export function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const system = /error message = '([^']+)'/.exec(text);
  if (system) return system[1]!.toLowerCase();
  const truncated = /truncated file: eof = (\d+).*stored_eof = (\d+)/.exec(text);
  if (truncated) return `truncated (${truncated[1]} of ${truncated[2]} bytes)`;
  const innermost = [...text.matchAll(/#\d+: .* in [\w.]+\(\): (.*)$/gm)].at(-1)?.[1];
  return innermost ?? text.split('\n')[0]!;
}

export { h5wasm };
