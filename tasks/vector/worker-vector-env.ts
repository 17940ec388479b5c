import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { EnvError } from '../env-errors.js';
import type { EnvSpec } from '../env.js';
import { makeEnv, type MakeEnvOptions } from '../make-env.js';
import { BoxSpace } from '../space.js';
import type { VectorEnv, VectorStep } from '../vector-env.js';
import { COMMAND, SLOT, type SharedBuffers, type WorkerReady, type WorkerSetup } from './vector-env-protocol.js';

/**
 * N envs split over worker threads, stepped in lockstep through shared memory: the main thread
 * writes actions, bumps a sequence word and sleeps until every worker has written its slice of
 * the results. Synchronous like SyncVectorEnv; create() is async only while workers start.
 */
export class WorkerVectorEnv implements VectorEnv {
  private readonly control: Int32Array;
  private readonly seeds: Float64Array;
  private readonly actions: Float32Array;
  private readonly out: VectorStep;
  private readonly flags: Uint8Array;
  /** The envs live in the workers. */
  readonly envs = null;
  private seq = 0;
  private closed = false;

  private constructor(
    readonly numEnvs: number,
    readonly spec: EnvSpec,
    readonly observationSpace: BoxSpace,
    readonly actionSpace: BoxSpace,
    private readonly workers: Worker[],
    private readonly errorPorts: MessagePort[],
    buffers: SharedBuffers,
  ) {
    this.control = new Int32Array(buffers.control);
    this.seeds = new Float64Array(buffers.seeds);
    this.actions = new Float32Array(buffers.actions);
    this.flags = new Uint8Array(buffers.flags);
    this.out = {
      obs: new Float32Array(buffers.obs),
      rewards: new Float32Array(buffers.rewards),
      terminated: new Uint8Array(numEnvs),
      truncated: new Uint8Array(numEnvs),
      success: new Uint8Array(numEnvs),
      infos: new Array(numEnvs).fill(null),
    };
  }

  /** Start `numWorkers` workers sharing `numEnvs` envs of task `taskId` as evenly as possible. */
  static async create(taskId: string, options: MakeEnvOptions, numEnvs: number, numWorkers: number): Promise<WorkerVectorEnv> {
    if (!Number.isInteger(numWorkers) || numWorkers < 1 || numWorkers > numEnvs) {
      throw new EnvError(`WorkerVectorEnv: expected 1 <= workers <= envs (${numEnvs}), got ${numWorkers}`);
    }
    // A probe env on this thread gives the sizes of the shared buffers.
    const probe = makeEnv(taskId, options);
    const od = probe.observationSpace.size;
    const ad = probe.actionSpace.size;
    probe.close();
    const buffers: SharedBuffers = {
      control: new SharedArrayBuffer(4 * (SLOT.done + 2 * numWorkers)),
      seeds: new SharedArrayBuffer(8 * numEnvs),
      actions: new SharedArrayBuffer(4 * numEnvs * ad),
      obs: new SharedArrayBuffer(4 * numEnvs * od),
      rewards: new SharedArrayBuffer(4 * numEnvs),
      flags: new SharedArrayBuffer(3 * numEnvs),
    };
    const workers: Worker[] = [];
    const ports: MessagePort[] = [];
    const readies: Promise<WorkerReady>[] = [];
    let offset = 0;
    for (let w = 0; w < numWorkers; w++) {
      const count = Math.floor(numEnvs / numWorkers) + (w < numEnvs % numWorkers ? 1 : 0);
      const setup: WorkerSetup = { taskId, options: options as Record<string, unknown>, offset, count, index: w, buffers };
      offset += count;
      const channel = new MessageChannel();
      const worker = new Worker(new URL('./vector-env-worker.js', import.meta.url), {
        workerData: { setup, errors: channel.port2 },
        transferList: [channel.port2],
      });
      workers.push(worker);
      ports.push(channel.port1);
      readies.push(
        new Promise((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new EnvError(`vector env worker ${w} exited with code ${code} before it was ready`)));
        }),
      );
    }
    let ready: WorkerReady;
    try {
      ready = (await Promise.all(readies))[0]!;
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    for (const w of workers) w.removeAllListeners('exit');
    const obsSpace = new BoxSpace(Float32Array.from(ready.obsLow), Float32Array.from(ready.obsHigh), ready.fields);
    const actSpace = new BoxSpace(Float32Array.from(ready.actLow), Float32Array.from(ready.actHigh));
    return new WorkerVectorEnv(numEnvs, ready.spec as unknown as EnvSpec, obsSpace, actSpace, workers, ports, buffers);
  }

  reset(seeds: ArrayLike<number>): Float32Array {
    if (seeds.length !== this.numEnvs) throw new EnvError(`reset: expected ${this.numEnvs} seeds, got ${seeds.length}`);
    this.seeds.set(seeds);
    this.run(COMMAND.reset);
    return this.out.obs;
  }

  step(actions: Float32Array): VectorStep {
    if (actions.length !== this.actions.length) {
      throw new EnvError(`step: expected ${this.numEnvs} x ${this.actionSpace.size} = ${this.actions.length} action entries, got ${actions.length}`);
    }
    this.actions.set(actions);
    this.run(COMMAND.step);
    const o = this.out;
    for (let i = 0; i < this.numEnvs; i++) {
      o.terminated[i] = this.flags[3 * i]!;
      o.truncated[i] = this.flags[3 * i + 1]!;
      o.success[i] = this.flags[3 * i + 2]!;
    }
    return o;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.run(COMMAND.close);
    } finally {
      for (const p of this.errorPorts) p.close();
      for (const w of this.workers) void w.terminate();
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private run(command: number): void {
    if (this.closed && command !== COMMAND.close) throw new EnvError('WorkerVectorEnv: used after close()');
    const c = this.control;
    Atomics.store(c, SLOT.command, command);
    this.seq = (this.seq + 1) | 0;
    Atomics.store(c, SLOT.seq, this.seq);
    Atomics.notify(c, SLOT.seq);
    const failures: string[] = [];
    for (let w = 0; w < this.workers.length; w++) {
      const at = SLOT.done + 2 * w;
      for (let v = Atomics.load(c, at); v !== this.seq; v = Atomics.load(c, at)) Atomics.wait(c, at, v, 1000);
      if (Atomics.load(c, at + 1) === 1) {
        Atomics.store(c, at + 1, 0);
        failures.push(`worker ${w}: ${String(receiveMessageOnPort(this.errorPorts[w]!)?.message ?? 'unknown error')}`);
      }
    }
    if (failures.length) throw new EnvError(`vector env step failed: ${failures.join('; ')}`);
  }
}
