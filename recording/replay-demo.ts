import { RecordingError } from './recording-error.js';
import type { SyncEnv } from '../tasks/env.js';
import type { Demo, DemoLayout } from './hdf5-demo-reader.js';

/** Where a replay first left the recorded trajectory. */
export interface Divergence {
  step: number;
  /** Index in the state vector of the largest difference, and its size. */
  index: number;
  difference: number;
}

/** The outcome of re-simulating one demo. */
export interface ReplayResult {
  demo: string;
  steps: number;
  /** null when every state matched bitwise. */
  divergence: Divergence | null;
  success: boolean;
}

/** What a demo must hold to be replayed in `env`: its action size and observation keys. */
export function demoLayoutOf(env: SyncEnv): DemoLayout {
  return { actionDim: env.actionSpace.size, obsKeys: env.observationSpace.fields.map((f) => f.key), of: `${env.spec.id} in ${env.spec.controlMode}` };
}

/**
 * Re-simulate a demo from its seed and actions and compare the sim state with the recorded
 * `states` before every action, bitwise.
 */
export function replayDemo(env: SyncEnv, demo: Demo): ReplayResult {
  if (demo.stateDim === 0) throw new RecordingError(`${demo.name} has no simulator states to replay against (a real arm's recording); armkit view shows it as recorded`);
  const sim = env.physics;
  env.reset({ seed: requireSeed(demo) });
  const a = demo.actionDim;
  let success = false;
  for (let t = 0; t < demo.numSamples; t++) {
    const state = sim.flatState();
    const recorded = demo.states.subarray(t * demo.stateDim, (t + 1) * demo.stateDim);
    const divergence = compare(state, recorded, t);
    if (divergence) return { demo: demo.name, steps: t, divergence, success };
    const r = env.step(demo.actions.subarray(t * a, (t + 1) * a));
    success ||= r.info.success;
  }
  return { demo: demo.name, steps: demo.numSamples, divergence: null, success };
}

/**
 * A demo's reset seed, which re-simulation starts from.
 * @throws RecordingError when the file has none (written by robomimic or another tool).
 */
export function requireSeed(demo: Demo, file?: string): number {
  if (demo.seed === null) {
    throw new RecordingError(`${file ? `${file}: ` : ''}${demo.name} has no seed attribute (a file written by robomimic or another tool?): armkit re-simulates a demo from its reset seed and actions, which armkit's recordings keep in data/${demo.name}.attrs["seed"]`);
  }
  return demo.seed;
}

function compare(state: Float64Array, recorded: Float64Array, step: number): Divergence | null {
  if (state.length !== recorded.length) return { step, index: -1, difference: Math.abs(state.length - recorded.length) };
  let index = -1;
  let difference = 0;
  for (let i = 0; i < state.length; i++) {
    if (Object.is(state[i], recorded[i])) continue;
    const d = Math.abs(state[i]! - recorded[i]!);
    if (index < 0 || d > difference) {
      index = i;
      difference = d;
    }
  }
  return index < 0 ? null : { step, index, difference };
}
