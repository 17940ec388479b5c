import { existsSync } from 'node:fs';
import { readUserFile } from '../../errors.js';
import { loadPredictor } from '../../policies/load-policy.js';
import { readModelProto } from '../../policies/model/read-model-proto.js';
import { readKey } from '../../policies/remote/curve-keys.js';
import { isLoopbackEndpoint } from '../../policies/remote/loopback.js';
import { PolicyServer } from '../../policies/remote/policy-server.js';
import type { Command } from '../command.js';
import { int, num, oneOf, readOptions, refuseGiven, required, text } from '../options.js';
import { SignalStop } from '../signal-stop.js';
import { UsageError } from '../usage-error.js';

/**
 * `armkit serve`: serve a bc or diffusion model (optionally V-GPS reranked) to remote clients
 * (`--policy zmq://HOST:PORT`, python/armkit_zmq.py) over ZeroMQ, batching requests that
 * arrive within --max-wait-ms into one model call. Runs until SIGINT or SIGTERM.
 */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve a policy model over ZeroMQ to remote clients, batching their requests',
  usage: `armkit serve --policy MODEL.onnx [--bind tcp://127.0.0.1:5555] [--max-batch N (64)] [--max-wait-ms T (2)]
              [--curve-key DIR/armkit-server.key (required off loopback)]
              [--rerank Q.onnx] [--candidates K] [--temperature T] [--diffusion-steps N] [--gaussian mean|sample]
              [--threads N (ORT intra-op threads; 0: its default)]`,
  async run(argv) {
    const { values: o, given } = readOptions('serve', argv, {
      policy: required('a path to an .onnx model'),
      bind: text('tcp://127.0.0.1:5555'),
      'max-batch': int(1, 4096, 64),
      'max-wait-ms': num(0, 10_000, 2),
      'curve-key': text(),
      rerank: text(),
      candidates: int(1, 1024, 10),
      temperature: num(0, 1e6, 0),
      'diffusion-steps': int(1, 1000),
      gaussian: oneOf(['mean', 'sample']),
      threads: int(0, 1024, 0),
    });
    if (!o.policy.endsWith('.onnx')) throw new UsageError(`armkit serve: --policy: expected a path to an .onnx model, got "${o.policy}"`);
    if (!existsSync(o.policy)) throw new UsageError(`armkit serve: --policy ${o.policy}: no such model file`);
    if (!o.rerank) refuseGiven('serve', given, ['candidates', 'temperature'], 'with --rerank Q.onnx');
    if (!isLoopbackEndpoint(o.bind) && o['curve-key'] === undefined) {
      throw new UsageError(`armkit serve: --bind ${o.bind} is not loopback: it needs --curve-key DIR/armkit-server.key (make one with armkit keys --out DIR)`);
    }
    const curveSecretKey = o['curve-key'] !== undefined ? readKey(o['curve-key']) : undefined;
    const controlMode = readModelProto(readUserFile(o.policy), o.policy).metadata.get('armkit.control_mode');
    const predictor = await loadPredictor(o.policy, {
      // ORT's own pool spins between calls; a small model served next to its clients does better on fewer threads.
      ...(o.threads > 0 ? { execution: { intraOpThreads: o.threads } } : {}),
      ...(o.rerank ? { rerank: o.rerank, candidates: o.candidates, temperature: o.temperature } : {}),
      ...(o.gaussian !== undefined ? { gaussian: o.gaussian as 'mean' | 'sample' } : {}),
      ...(o['diffusion-steps'] !== undefined ? { inferenceSteps: o['diffusion-steps'] } : {}),
    });
    const log = (line: string) => process.stderr.write(`armkit serve: ${line}\n`);
    let server: PolicyServer;
    try {
      server = await PolicyServer.start(predictor, {
        bind: o.bind,
        maxBatch: o['max-batch'],
        maxWaitMs: o['max-wait-ms'],
        log,
        ...(curveSecretKey !== undefined ? { curveSecretKey } : {}),
        ...(controlMode !== undefined ? { controlMode } : {}),
      });
    } catch (e) {
      await predictor.dispose();
      throw e;
    }
    using stop = new SignalStop();
    const h = predictor.horizons;
    // The one stdout line says where to point clients; scripts wait for it.
    process.stdout.write(`serving ${o.policy} on ${server.endpoint} (${predictor.layout.describe()} -> ${predictor.actionDim} actions x ${h.prediction}; batch <= ${o['max-batch']}, wait <= ${o['max-wait-ms']} ms${curveSecretKey ? ', CURVE' : ''})\n`);
    await stop.stopped;
    await server.close();
    log(`stopped: ${server.stats.requests} requests in ${server.stats.modelCalls} model calls, ${server.stats.refused} refused`);
    // A server stopped by a signal stopped as asked.
    return 0;
  },
};
