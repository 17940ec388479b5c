// npm run bench:teleop-latency -- [--events N (200)] [--task ID (PickCube-v1)] [--out FILE]
// Browser teleop input to command: the teleop page in headless Chromium (Debian's, SwiftShader),
// the server ticking the sim at the task's control rate (20 Hz for PickCube-v1). Synthetic key
// events (CDP, so real DOM KeyboardEvents) and stub-gamepad changes (seen by the page's 5 ms
// poll) at seeded random phases of the control period, N of each. Per event:
//   event -> applied: from the event's timeStamp in the page to the end of the sim step that
//     applied it on the server (both clocks as performance.timeOrigin + now, the same machine);
//   round trip: from the event to the page receiving that step's frame (the page's clock only,
//     an upper bound of the first).
// The floor: median event -> applied <= one control period (50 ms at 20 Hz). Expected about half a
// period plus the step: an event waits for the next tick. Timing on a shared machine is noisy.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BrowserTeleop } from '../hardware/input/browser-teleop.js';
import { Rng } from '../math/rng.js';
import { envArgsFor } from '../recording/env-args.js';
import { Hdf5DemoWriter } from '../recording/hdf5-demo-writer.js';
import { TeleopSession } from '../rollout/teleop-session.js';
import { makeEnv } from '../tasks/make-env.js';
import { openTeleopPage } from '../viewer/teleop-page-driver.js';
import { TeleopServer } from '../viewer/teleop-server.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '200' }, task: { type: 'string', default: 'PickCube-v1' }, out: { type: 'string', default: 'out/bench/teleop-latency.json' } } });
const EVENTS = Number(values.events);

using env = makeEnv(values.task, { controlMode: 'pd_ee_delta_pose', maxEpisodeSteps: 100_000 });
const period = 1000 / env.spec.controlHz;
const dir = mkdtempSync(join(tmpdir(), 'armkit-bench-teleop-'));
await using writer = Hdf5DemoWriter.create(join(dir, 'bench.hdf5'), envArgsFor(env.spec, 'sim-teleop'));
const device = new BrowserTeleop();
const session = new TeleopSession(env, device, writer, 0);
let sink: number[] = [];
const late: number[] = [];
const stepMs: number[] = [];
await using server = await TeleopServer.start(env, session, device, {
  onTick: (t) => {
    sink.push(...t.applied.map((a) => t.done - a.at));
    late.push(t.began - t.due);
    stepMs.push(t.done - t.began);
  },
});
await using ui = await openTeleopPage(server.url);
const { page } = ui;
await ui.setPad([0, 0, 0, 0]);
await page.click('#start');
while ((await ui.frame()).frame.phase !== 'running') await ui.nextFrame((await ui.frame()).count);

const rng = new Rng(7);
const pause = () => new Promise((r) => setTimeout(r, rng.uniform(0, period)));

// Settle: what the start and the first pad state left pending is not measured.
async function settle(): Promise<void> {
  const { count } = await ui.frame();
  await ui.nextFrame((await ui.nextFrame(count)).count);
}

// Keys: w down, w up, s down, s up, ...: the hand wanders back and forth, it does not run away.
await settle();
sink = [];
let tripsBefore = (await ui.latencies()).length;
for (let i = 0; i < EVENTS; i++) {
  await pause();
  const key = i % 4 < 2 ? 'w' : 's';
  if (i % 2 === 0) await page.keyboard.down(key);
  else await page.keyboard.up(key);
}
await settle();
const keyApplied = sink;
const keyTrips = (await ui.latencies()).slice(tripsBefore);

// Gamepad: the left stick's x deflected and back, likewise.
sink = [];
tripsBefore = (await ui.latencies()).length;
for (let i = 0; i < EVENTS; i++) {
  await pause();
  await ui.setPad([i % 2 === 0 ? (i % 4 < 2 ? 0.6 : -0.6) : 0, 0, 0, 0]);
}
await settle();
const padApplied = sink;
const padTrips = (await ui.latencies()).slice(tripsBefore);
device.command('quit');
await server.done;

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
  return { n: s.length, median: q(0.5), p90: q(0.9), max: s.at(-1) ?? Number.NaN, min: s[0] ?? Number.NaN };
};
const rows = { key: { applied: stats(keyApplied), roundTrip: stats(keyTrips) }, gamepad: { applied: stats(padApplied), roundTrip: stats(padTrips) } };
const fmt = (s: ReturnType<typeof stats>) => `median ${s.median.toFixed(1)} ms  p90 ${s.p90.toFixed(1)}  min ${s.min.toFixed(1)}  max ${s.max.toFixed(1)}  (n ${s.n})`;
console.log(`${values.task} at ${env.spec.controlHz} Hz (period ${period.toFixed(0)} ms), ${EVENTS} events per device, headless Chromium`);
for (const [name, r] of Object.entries(rows)) {
  console.log(`  ${name.padEnd(8)} event -> applied  ${fmt(r.applied)}`);
  console.log(`  ${''.padEnd(8)} round trip        ${fmt(r.roundTrip)}`);
}
console.log(`  ticks: step ${fmt(stats(stepMs))}`);
console.log(`         timer late ${fmt(stats(late))}`);
const worst = Math.max(rows.key.applied.median, rows.gamepad.applied.median);
console.log(`  floor: median event -> applied <= ${period.toFixed(0)} ms: ${worst <= period ? 'met' : 'NOT met'} (${worst.toFixed(1)} ms)`);
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify({ task: values.task, controlHz: env.spec.controlHz, events: EVENTS, ...rows, tickStep: stats(stepMs), timerLate: stats(late), floorMs: period, met: worst <= period }, null, 2));
