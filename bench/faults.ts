/**
 * npm run bench:faults: the stale-state floor. Against the twin in real-server mode (a worker
 * thread at 500 Hz, joint states in the recorded 34-46 ms bursts), the twin's fault injector
 * stops the joint states 100 times at each of 20 and 100 Hz while the ROS driver commands at
 * that rate. Floor: in 100 of 100 trials no command leaves more than one control period after
 * the newest state, and the stream is declared lost (the arm disarmed).
 */
import { staleStateTrials } from '../test/hardware/stale-state-trials.js';
import { WorkerTwin } from '../test/hardware/worker-twin.js';
import { machineLoad } from './machine-load.js';

const TRIALS = 100;
const RATES = [20, 100];

process.stdout.write(`bench:faults  twin 500 Hz in real-server mode (worker thread), ${machineLoad()} at the start\n`);
await using twin = await WorkerTwin.start({ task: 'PickCube-v1', port: 0, rateHz: 500, realServer: true, seed: 1 });
let ok = true;
process.stdout.write('  Hz  trials  passes  trips  worst command after last state: driver   twin   (floor: one period)\n');
for (const hz of RATES) {
  const trials = await staleStateTrials(twin, hz, TRIALS, hz);
  const passes = trials.filter((t) => t.pass).length;
  const worst = Math.max(...trials.map((t) => t.commandAfterStateMs));
  const twinWorst = Math.max(...trials.map((t) => t.twinCommandAfterStateMs));
  ok &&= passes === TRIALS;
  process.stdout.write(`${String(hz).padStart(4)} ${String(TRIALS).padStart(7)} ${String(passes).padStart(7)} ${String(trials.filter((t) => t.tripped).length).padStart(6)}  ${worst.toFixed(2).padStart(38)} ms ${twinWorst.toFixed(2).padStart(6)} ms  (${(1000 / hz).toFixed(0)} ms)\n`);
}
process.stdout.write(`${machineLoad()} at the end\nfloor: ${ok ? 'PASS' : 'FAIL'}\n`);
process.exitCode = ok ? 0 : 1;
