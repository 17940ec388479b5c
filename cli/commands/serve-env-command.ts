import { readKey } from '../../policies/remote/curve-keys.js';
import { EnvServer } from '../../policies/remote/env-server.js';
import { isLoopbackEndpoint } from '../../policies/remote/loopback.js';
import { CONTROL_MODES, type ControlMode } from '../../robot/controllers/controller-config.js';
import { makeEnv, type MakeEnvOptions } from '../../tasks/make-env.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import type { VectorEnv } from '../../tasks/vector-env.js';
import { SyncVectorEnv } from '../../tasks/vector/sync-vector-env.js';
import { WorkerVectorEnv } from '../../tasks/vector/worker-vector-env.js';
import type { Command } from '../command.js';
import { int, oneOf, readOptions, required, text } from '../options.js';
import { SignalStop } from '../signal-stop.js';
import { UsageError } from '../usage-error.js';

/**
 * `armkit serve-env`: N simulated envs of one task served over ZeroMQ, stepped all at once by
 * one message, for Python (python/armkit_env.py: ArmkitEnv, ArmkitVectorEnv with Gymnasium's
 * API). The same security rule as `armkit serve`: loopback by default, CURVE keys elsewhere.
 * Runs until SIGINT or SIGTERM.
 */
export const serveEnvCommand: Command = {
  name: 'serve-env',
  summary: "serve a task's vector env over ZeroMQ to Python (Gymnasium API, python/armkit_env.py)",
  usage: `armkit serve-env --task ID [--envs N (1)] [--bind tcp://127.0.0.1:5556] [--control-mode MODE]
                  [--reward-mode sparse|dense|normalized_dense] [--workers N (0: the envs on the server's thread)]
                  [--curve-key DIR/armkit-server.key (required off loopback)]`,
  async run(argv) {
    const { values: o } = readOptions('serve-env', argv, {
      task: required('a task id (armkit tasks lists them)'),
      envs: int(1, 4096, 1),
      bind: text('tcp://127.0.0.1:5556'),
      'control-mode': oneOf(CONTROL_MODES),
      'reward-mode': oneOf(['sparse', 'dense', 'normalized_dense'], 'normalized_dense'),
      workers: int(0, 64, 0),
      'curve-key': text(),
    });
    if (!isLoopbackEndpoint(o.bind) && o['curve-key'] === undefined) {
      throw new UsageError(`armkit serve-env: --bind ${o.bind} is not loopback: it needs --curve-key DIR/armkit-server.key (make one with armkit keys --out DIR)`);
    }
    const curveSecretKey = o['curve-key'] !== undefined ? readKey(o['curve-key']) : undefined;
    const task = TASKS.get(o.task);
    const controlMode: ControlMode = o['control-mode'] ?? task.defaultControlMode;
    const options: MakeEnvOptions = { controlMode, obsMode: 'state', rewardMode: o['reward-mode'] };
    // Envs on this thread by default: their infos (the task's predicates) then reach the client.
    const vec: VectorEnv = o.workers > 0 && o.envs > 1
      ? await WorkerVectorEnv.create(task.id, options, o.envs, Math.min(o.workers, o.envs))
      : new SyncVectorEnv(Array.from({ length: o.envs }, () => makeEnv(task.id, options)));
    try {
      const log = (line: string) => process.stderr.write(`armkit serve-env: ${line}\n`);
      const server = await EnvServer.start(vec, { bind: o.bind, log, ...(curveSecretKey !== undefined ? { curveSecretKey } : {}) });
      using stop = new SignalStop();
      // The one stdout line says where to point clients; scripts wait for it.
      process.stdout.write(`serving ${o.envs} ${task.id} env${o.envs > 1 ? 's' : ''} on ${server.endpoint} (${controlMode}, obs ${vec.observationSpace.size}, action ${vec.actionSpace.size}${curveSecretKey ? ', CURVE' : ''})\n`);
      await stop.stopped;
      await server.close();
      log(`stopped: ${server.stats.resets} resets, ${server.stats.steps} vector steps, ${server.stats.refused} refused`);
      return 0;
    } finally {
      vec.close();
    }
  },
};
