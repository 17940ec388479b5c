import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { makeEnv, type MakeEnvOptions } from '../make-env.js';
import { COMMAND, SLOT, type WorkerReady, type WorkerSetup } from './vector-env-protocol.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import type { VectorStep } from '../vector-env.js';

// A worker thread hosting a slice of a WorkerVectorEnv: it sleeps on the control word, runs the
// command on its envs, writes results into the shared buffers, and reports the sequence number.
const { setup, errors } = workerData as { setup: WorkerSetup; errors: MessagePort };
const { offset, count, index, buffers } = setup;
const vec = new SyncVectorEnv(
  Array.from({ length: count }, () => makeEnv(setup.taskId, { ...(setup.options as MakeEnvOptions), obsMode: 'state' })),
);
const od = vec.observationSpace.size;
const ad = vec.actionSpace.size;
const control = new Int32Array(buffers.control);
const seeds = new Float64Array(buffers.seeds, offset * 8, count);
const actions = new Float32Array(buffers.actions, offset * ad * 4, count * ad);
const obs = new Float32Array(buffers.obs, offset * od * 4, count * od);
const rewards = new Float32Array(buffers.rewards, offset * 4, count);
const flags = new Uint8Array(buffers.flags, offset * 3, count * 3);

const ready: WorkerReady = {
  obsLow: Array.from(vec.observationSpace.low),
  obsHigh: Array.from(vec.observationSpace.high),
  actLow: Array.from(vec.actionSpace.low),
  actHigh: Array.from(vec.actionSpace.high),
  fields: vec.observationSpace.fields.map((f) => ({ ...f })),
  spec: { ...vec.spec },
};
parentPort!.postMessage(ready);

let seen = 0;
for (;;) {
  Atomics.wait(control, SLOT.seq, seen);
  seen = Atomics.load(control, SLOT.seq);
  const command = Atomics.load(control, SLOT.command);
  try {
    if (command === COMMAND.close) {
      vec.close();
      finish();
      break;
    }
    if (command === COMMAND.reset) {
      obs.set(vec.reset(seeds) as Float32Array);
    } else if (command === COMMAND.step) {
      const r = vec.step(actions) as VectorStep;
      obs.set(r.obs);
      rewards.set(r.rewards);
      for (let i = 0; i < count; i++) {
        flags[3 * i] = r.terminated[i]!;
        flags[3 * i + 1] = r.truncated[i]!;
        flags[3 * i + 2] = r.success[i]!;
      }
    }
  } catch (e) {
    errors.postMessage(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    Atomics.store(control, SLOT.done + 2 * index + 1, 1);
  }
  finish();
}

function finish(): void {
  Atomics.store(control, SLOT.done + 2 * index, seen);
  Atomics.notify(control, SLOT.done + 2 * index);
}
