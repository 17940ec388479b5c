import { loadPolicy as loadModelPolicy } from '../../policies/load-policy.js';
import type { ObservationLayout } from '../../policies/observation-layout.js';
import type { BatchPolicy } from '../../tasks/evaluation/batch-policy.js';

/** A loaded model policy for one robot. */
export interface LoadedPolicy extends AsyncDisposable {
  policy: BatchPolicy;
  layout: ObservationLayout;
  actionDim: number;
}

/**
 * Load a BC or diffusion model as a one-env policy; with a Q model, V-GPS reranks `candidates`
 * samples of the base. Every random draw comes from the seeded streams of the policy.
 */
export async function loadPolicy(model: string, options: { rerank?: string; candidates?: number; seed?: number } = {}): Promise<LoadedPolicy> {
  // One intra-op thread: a batch of one is not worth a thread pool whose spinning workers would
  // compete with the control loop for the CPU.
  const execution = { intraOpThreads: 1, interOpThreads: 1 };
  const chunked = await loadModelPolicy(model, {
    execution,
    ...(options.rerank ? { rerank: options.rerank, candidates: options.candidates ?? 10 } : {}),
  });
  const out = new Float32Array(chunked.actionDim);
  const seed = options.seed ?? 0;
  return {
    policy: { reset: () => chunked.reset({ seed }), act: (obs, n) => chunked.act(obs, n, out) },
    layout: chunked.layout,
    actionDim: chunked.actionDim,
    [Symbol.asyncDispose]: () => chunked.dispose(),
  };
}
