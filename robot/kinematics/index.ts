export { KinematicChain } from './kinematic-chain.js';
export { solveIk, IK_DEFAULTS, type IkOptions, type IkResult } from './solve-ik.js';
