// A recorder in a child process, for the crash test: it records scripted PickCube-v1 episodes
// to argv[2] and prints "committed N" after each, forever (until killed).
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { envArgsFor } from '../../recording/env-args.js';
import { recordEpisodes } from './record-episodes.js';
import { makeEnv } from '../../tasks/make-env.js';
import { PickCubeExpert } from '../../policies/scripted/pick-cube-expert.js';

const env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
const writer = Hdf5DemoWriter.create(process.argv[2]!, envArgsFor(env.spec), { overwrite: true });
const expert = new PickCubeExpert(env.observationSpace);
// Slow steps so the kill lands mid-episode rather than between episodes.
const slow = { ...expert, layout: expert.layout, actionDim: expert.actionDim, reset: () => expert.reset(), act: async (o: Float32Array | Readonly<Record<string, Float32Array>>, n: number) => { await new Promise((r) => setTimeout(r, 2)); return expert.act(o, n); }, dispose: async () => {}, [Symbol.asyncDispose]: async () => {} };
await recordEpisodes(env, slow, writer, { episodes: 1_000_000, seed: 0, onEpisode: (n) => process.stdout.write(`committed ${n}\n`) });
