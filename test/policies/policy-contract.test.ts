import { BcPredictor } from '../../policies/bc/bc-predictor.js';
import { DiffusionPredictor } from '../../policies/diffusion/diffusion-predictor.js';
import { ChunkedPolicy } from '../../policies/runner/chunked-policy.js';
import { OnnxQFunction } from '../../policies/vgps/onnx-q-function.js';
import { VgpsPredictor } from '../../policies/vgps/vgps-predictor.js';
import { modelPath } from './fixtures.js';
import { runPolicyContract } from './policy-contract.js';

const cpu = { providers: ['cpu'] as const, intraOpThreads: 1 };
const bc = () => BcPredictor.load(modelPath('bc-mlp'), cpu);
const gaussian = () => BcPredictor.load(modelPath('bc-gaussian'), { ...cpu, gaussian: 'sample' });
const diffusion = () => DiffusionPredictor.load(modelPath('diffusion-unet-small'), { ...cpu, sampler: 'ddim', inferenceSteps: 10 });
const q = () => OnnxQFunction.load(modelPath('q-mlp'), cpu);

runPolicyContract('BC, deterministic head', async () => new ChunkedPolicy(await bc()), { stochastic: false });
runPolicyContract('BC, Gaussian head sampled', async () => new ChunkedPolicy(await gaussian()), { stochastic: true });
runPolicyContract('diffusion, DDIM-10, action horizon 8', async () => new ChunkedPolicy(await diffusion()), { stochastic: true, steps: 9 });
runPolicyContract('diffusion, DDPM-10, temporal ensembling', async () =>
  new ChunkedPolicy(await DiffusionPredictor.load(modelPath('diffusion-unet-small'), { ...cpu, sampler: 'ddpm', inferenceSteps: 10 }), { temporalEnsemble: 0.01 }), { stochastic: true });
runPolicyContract('V-GPS over Gaussian BC, K = 10, argmax', async () => new ChunkedPolicy(new VgpsPredictor(await gaussian(), await q())), { stochastic: true });
runPolicyContract('V-GPS over diffusion DDIM-10, K = 10, temperature 1', async () =>
  new ChunkedPolicy(new VgpsPredictor(await diffusion(), await q(), { candidates: 10, temperature: 1 })), { stochastic: true });
