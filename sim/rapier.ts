import RAPIER from '@dimforge/rapier3d-simd-compat';

// The WASM module initializes once per thread; every sim module imports RAPIER from here so
// nothing touches it before it is ready. Pinned to @dimforge/rapier3d-simd-compat 0.20.0 (about
// 1.6x the steps/s of the scalar 0.21 build here): builds step to different bits, and bitwise
// replay of recorded demos holds only on the pinned one.
await RAPIER.init();

export { RAPIER };
