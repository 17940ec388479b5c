import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { InvalidArgumentError } from '../../errors.js';
import type { ObservationDict } from '../env.js';
import { makeEnv } from '../make-env.js';

/** The object and goal positions of the resets of seeds 0..n-1, one string each. */
function resets(variationSeed: number, n: number): string[] {
  using env = makeEnv('push-v3', { obsMode: 'state_dict', variations: { count: 50, seed: variationSeed } });
  return Array.from({ length: n }, (_, seed) => {
    const o = env.reset({ seed }).obs as ObservationDict;
    return [...o['obj_pose']!.slice(0, 3), ...o['goal_pos']!].join(',');
  });
}

test("Meta-World's benchmark mode: every reset is one of 50 fixed variations, sampled among them, the same from the same seed in another process", () => {
  const here = resets(7, 300);
  const distinct = new Set(here);
  assert.ok(distinct.size <= 50 && distinct.size >= 45, `${distinct.size} distinct resets over 300 episodes`);
  const script = `import { makeEnv } from ${JSON.stringify(new URL('../make-env.js', import.meta.url).href)};
    const env = makeEnv('push-v3', { obsMode: 'state_dict', variations: { count: 50, seed: 7 } });
    const out = [];
    for (let seed = 0; seed < 300; seed++) { const o = env.reset({ seed }).obs; out.push([...o.obj_pose.slice(0, 3), ...o.goal_pos].join(',')); }
    process.stdout.write(JSON.stringify(out));`;
  const there = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as string[];
  assert.deepEqual(there, here);
  const other = new Set(resets(8, 300));
  assert.equal([...other].filter((r) => distinct.has(r)).length, 0, 'another benchmark seed, other variations');
  const fresh = new Set(Array.from({ length: 100 }, (_, seed) => {
    using env = makeEnv('push-v3', { obsMode: 'state_dict' });
    const o = env.reset({ seed }).obs as ObservationDict;
    return [...o['obj_pose']!.slice(0, 3), ...o['goal_pos']!].join(',');
  }));
  assert.equal(fresh.size, 100, 'without the mode each seed draws afresh');
});

test('a task without the mode refuses it, naming why', () => {
  assert.throws(() => makeEnv('PickCube-v1', { variations: { count: 50, seed: 0 } }), (e: Error) => e instanceof InvalidArgumentError && /PickCube-v1 has no fixed-variation benchmark mode/.test(e.message));
});
