import RAPIER from '@dimforge/rapier3d-compat';

// The WASM module initializes once per thread; every sim module imports RAPIER from here so
// nothing touches it before it is ready. Pinned to @dimforge/rapier3d-compat 0.21.0: other
// builds (the SIMD one included) step to other bits.
await RAPIER.init();

export { RAPIER };
