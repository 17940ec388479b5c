import assert from 'node:assert/strict';
import { test } from 'node:test';
import { staleStateTrials } from './stale-state-trials.js';
import { WorkerTwin } from './worker-twin.js';

test('states stopped on a bursty real-server twin: no command more than one control period after the newest state, at 20 and 100 Hz', async () => {
  await using twin = await WorkerTwin.start({ task: 'PickCube-v1', port: 0, rateHz: 250, realServer: true, seed: 2 });
  for (const hz of [20, 100]) {
    const trials = await staleStateTrials(twin, hz, 3, hz);
    for (const t of trials) {
      assert.ok(t.tripped, `${hz} Hz: the stopped stream was declared lost`);
      assert.ok(t.commandAfterStateMs <= 1000 / hz, `${hz} Hz: a command ${t.commandAfterStateMs.toFixed(2)} ms after the newest state`);
    }
  }
});
