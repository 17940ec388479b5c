// npm run bench:render -- [--envs N] [--episodes N] [--mode rgb|depth|rgbd|segmentation] [--out FILE]
// PickCube-v1 with images: N envs (16) with the task's base_camera (128x128), the scripted expert
// acting on the state, every step rendered for all envs in one batched pass (three.js WebGL in
// headless Chromium on SwiftShader here). Prints env steps/s and where a step's time goes
// (physics, render, readback, copy), then the same run in state mode, and writes JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { PickCubeExpert } from '../policies/scripted/pick-cube-expert.js';
import type { ImageObsMode } from '../render/image-obs-mode.js';
import { runEvaluation } from '../rollout/evaluate.js';
import { makeEnv } from '../tasks/make-env.js';
import { CameraVectorEnv } from '../tasks/vector/camera-vector-env.js';
import { SyncVectorEnv } from '../tasks/vector/sync-vector-env.js';

const { values } = parseArgs({ options: { envs: { type: 'string', default: '16' }, episodes: { type: 'string', default: '32' }, mode: { type: 'string', default: 'rgb' }, out: { type: 'string', default: 'out/bench/render.json' } } });
const TASK = 'PickCube-v1';
const OPTIONS = { controlMode: 'pd_ee_delta_pose' as const };
const ENVS = Number(values.envs);
const EPISODES = Math.ceil(Number(values.episodes) / ENVS) * ENVS;
const FLOOR = 300;

await using vec = await CameraVectorEnv.open(TASK, ENVS, { ...OPTIONS, obsMode: values.mode as ImageObsMode });
// Warm up (shader compiles, JIT) on one batch of short episodes, then time.
await runEvaluation(vec, new PickCubeExpert(vec.observationSpace), { episodes: ENVS, seed: 10_000 });
vec.resetTiming();
const r = await runEvaluation(vec, new PickCubeExpert(vec.observationSpace), { episodes: EPISODES, seed: 0 });
const ms = r.seconds * 1000;
const t = vec.timing;
const rate = r.controlSteps / r.seconds;

using state = new SyncVectorEnv(Array.from({ length: ENVS }, () => makeEnv(TASK, OPTIONS)));
const s = await runEvaluation(state, new PickCubeExpert(state.observationSpace), { episodes: EPISODES, seed: 0 });

const share = (x: number) => `${x.toFixed(0).padStart(6)} ms ${((100 * x) / ms).toFixed(0).padStart(3)}%`;
console.log(`${TASK} ${values.mode}, ${vec.cameras.map((c) => `${c.uid} ${c.width}x${c.height}`).join(', ')}, ${ENVS} envs, ${EPISODES} expert episodes, backend ${vec.renderer.backend}`);
console.log(`  ${rate.toFixed(0)} env steps/s (floor ${FLOOR}: ${rate >= FLOOR ? 'met' : 'NOT met'}), success_once ${(100 * r.metrics.successOnce.mean).toFixed(0)}%`);
console.log(`  physics  ${share(t.physics)}`);
console.log(`  render   ${share(t.render)}`);
console.log(`  readback ${share(t.readback)}`);
console.log(`  copy     ${share(t.copy)}   (pose gathering, the page's packing, the WebSocket transfer, copies into the images)`);
console.log(`  rest     ${share(ms - t.physics - t.render - t.readback - t.copy)}   (expert, rollout loop)`);
console.log(`  state mode, same envs and episodes: ${(s.controlSteps / s.seconds).toFixed(0)} env steps/s`);
const json = { task: TASK, mode: values.mode, envs: ENVS, episodes: EPISODES, backend: vec.renderer.backend, envStepsPerSec: rate, floor: FLOOR, ms: { total: ms, ...t }, stateEnvStepsPerSec: s.controlSteps / s.seconds, successOnce: r.metrics.successOnce.mean };
mkdirSync(dirname(values.out!), { recursive: true });
writeFileSync(values.out!, JSON.stringify(json, null, 2));
