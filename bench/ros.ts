/**
 * npm run bench:ros: the deploy loop against the twin over rosbridge (real WebSockets on
 * localhost; the twin on a worker thread at 500 Hz), BC fixture policy, at 10, 50 and 100 Hz.
 * Reports the latency added from a joint state's stamp to the command on the wire (median,
 * p99), the loop's own share (state received to command sent), and rate jitter (p99).
 * Floors: latency median <= 3 ms and jitter p99 <= 2 ms at 100 Hz.
 */
import { setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { quantile } from '../hardware/rate-keeper.js';
import { RobotEnv } from '../hardware/robot-env.js';
import { loadPolicy } from '../policies/load-policy.js';
import { bindPolicy } from '../policies/bind-policy.js';
import { rollout } from '../rollout/rollout.js';
import { PickCube } from '../tasks/maniskill/pick-cube.js';
import { SyncVectorEnv } from '../tasks/vector/sync-vector-env.js';
import { TimeLimit } from '../tasks/wrappers/time-limit.js';

interface DeployTiming { ticks: number; latencyMedianMs: number; latencyP99Ms: number; loopMedianMs: number; loopP99Ms: number; jitterMedianMs: number; jitterP99Ms: number; overruns: number }
import { PoseRegionDetector } from '../hardware/detectors/pose-region-detector.js';
import { RosDriver } from '../hardware/ros/ros-driver.js';
import { parseRosDriverConfig } from '../hardware/ros/ros-driver-config.js';
import { modelPath } from '../test/policies/fixtures.js';

const TWIN_HZ = 500;
const RUNS: [number, number][] = [
  [10, 60],
  [50, 250],
  [100, 600],
];

// The loop and the twin (a worker thread, so its stepping has its own event loop) share this
// process; raise its priority where the OS allows, as a real-time control process would be.
const worker = new Worker(new URL('../hardware/twin/twin-worker.js', import.meta.url), { workerData: { task: 'PickCube-v1', port: 0, rateHz: TWIN_HZ } });
const url = await new Promise<string>((resolve, reject) => {
  worker.once('message', (m: { url: string }) => resolve(m.url));
  worker.once('error', reject);
});
let prioritized = true;
try {
  setPriority(-10);
} catch {
  prioritized = false;
}
const loaded = await loadPolicy(modelPath('bc-mlp'), { execution: { intraOpThreads: 1, interOpThreads: 1 } });
const rows: [number, DeployTiming][] = [];
const never = new PoseRegionDetector({ kind: 'pose', point: 'tcp', box: { low: { x: 9, y: 9, z: 9 }, high: { x: 10, y: 10, z: 10 } } });
for (const [hz, steps] of RUNS) {
  const config = parseRosDriverConfig({
    driver: 'ros',
    url,
    controlHz: hz,
    observationTopics: ['is_grasped', 'goal_pos', 'obj_pose'].map((key) => ({ key, topic: `/twin/observation/${key}` })),
  });
  await using driver = new RosDriver(config, { log: () => {} });
  await driver.connect();
  const env = new RobotEnv(driver, { task: new PickCube(), detector: never, reset: { reset: async () => {} }, realTime: true, perception: { grasped: 'is_grasped' } });
  const vec = new SyncVectorEnv([new TimeLimit(env, steps)]);
  const latency: number[] = [];
  const loop: number[] = [];
  // Bound anew for each rate; the loaded model is freed once, at the end.
  const policy = bindPolicy(loaded, vec.observationSpace, vec.actionSpace);
  const r = await rollout(vec, policy, {
    episodes: 1,
    seed: 0,
    endOn: 'done',
    onStep: () => {
      const s = env.lastSend;
      if (s && s.sentAt > 0) {
        latency.push(s.sentAt - s.obsStamp);
        loop.push(s.sentAt - s.obsReceivedAt);
      }
    },
  });
  if (r.stoppedBy) throw new Error(r.stoppedBy);
  const jitter = env.rateKeeper.jitter();
  rows.push([hz, { ticks: jitter.length + 1, latencyMedianMs: quantile(latency, 0.5), latencyP99Ms: quantile(latency, 0.99), loopMedianMs: quantile(loop, 0.5), loopP99Ms: quantile(loop, 0.99), jitterMedianMs: quantile(jitter, 0.5), jitterP99Ms: quantile(jitter, 0.99), overruns: env.rateKeeper.overruns }]);
}
await loaded.dispose();
worker.postMessage('close');

const f = (x: number) => x.toFixed(2).padStart(7);
process.stdout.write(`bench:ros  twin ${TWIN_HZ} Hz (worker thread${prioritized ? ', process at nice -10' : ''}), BC fixture bc-mlp, RosDriver over ${url}\n`);
process.stdout.write('  Hz   ticks  stamp->wire med    p99 | recv->wire med    p99 | jitter med    p99 | overruns\n');
for (const [hz, t] of rows) {
  process.stdout.write(`${String(hz).padStart(4)} ${String(t.ticks).padStart(7)}  ${f(t.latencyMedianMs)} ms ${f(t.latencyP99Ms)} |   ${f(t.loopMedianMs)} ms ${f(t.loopP99Ms)} | ${f(t.jitterMedianMs)} ${f(t.jitterP99Ms)} | ${t.overruns}\n`);
}
const at100 = rows.find(([hz]) => hz === 100)![1];
const ok = at100.latencyMedianMs <= 3 && at100.jitterP99Ms <= 2;
process.stdout.write(`floors at 100 Hz: latency median ${at100.latencyMedianMs.toFixed(2)} ms (<= 3), jitter p99 ${at100.jitterP99Ms.toFixed(2)} ms (<= 2): ${ok ? 'PASS' : 'FAIL'}\n`);
process.exitCode = ok ? 0 : 1;
