import assert from 'node:assert/strict';
import { test } from 'node:test';
import { robotParity } from '../bench/robot-parity.js';
import { SCRIPTED_EXPERTS } from '../policies/scripted/scripted-experts.js';

// The 50-seed figures come from `npm run bench:parity`; here a few seeds per task.
for (const task of SCRIPTED_EXPERTS.ids()) {
  test(`${task}: the expert through eval --robot sim:${task} gives the plain env's episodes and actions`, async () => {
    const episodes = task.endsWith('-v3') ? 2 : 3;
    const r = await robotParity(task, 11, episodes);
    assert.deepEqual(r.differences, []);
    assert.equal(r.equalEpisodes, episodes);
    assert.equal(r.actionMismatches, 0, 'unclipped applied actions are bitwise equal');
    assert.ok(r.steps >= episodes * 50);
  });
}
