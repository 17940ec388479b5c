/**
 * npm run bench:frames: hostile and large frames of up to 1 MB sent to the twin (a worker thread
 * at 250 Hz, real WebSockets on localhost), each followed by a service call. A frame's handling
 * time is from sending it to the call's answer; the joint-state gap is the longest silence a
 * subscriber saw meanwhile; the parser's share is the frame and the call pushed through an
 * IncomingBuffer on this thread. Floor: every frame handled in <= 50 ms.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { WebSocket } from 'ws';
import { loadavg } from 'node:os';
import { quantile } from '../hardware/rate-keeper.js';
import { machineLoad } from './machine-load.js';
import { IncomingBuffer } from '../hardware/rosbridge/incoming-buffer.js';

const TWIN_HZ = 250;
const REPEATS = 10;
const FLOOR_MS = 50;
const MB = 1 << 20;

const floats = Array.from({ length: Math.floor(MB / 19) }, (_, i) => Math.sin(i) * 1e3);
const FRAMES: [string, string][] = [
  ['4 KB brace bomb (the issue\'s)', '{'.repeat(2048) + '}'.repeat(2048)],
  ['8 KB brace bomb (the issue\'s)', '{'.repeat(4096) + '}'.repeat(4096)],
  ['1 MB brace bomb', '{'.repeat(MB / 2) + '}'.repeat(MB / 2)],
  ['1 MB of "{" (left open)', '{'.repeat(MB)],
  ['1 MB nested objects, invalid core', '{"a":'.repeat(MB / 6) + '}'.repeat(MB / 6)],
  ['1 MB string of escaped quotes', `{"op":"x","s":"${'\\"'.repeat(MB / 2 - 10)}"}`],
  ['1 MB without braces', 'x'.repeat(MB)],
  ['1 MB of "{}" in an open one', `{${'{}'.repeat(MB / 2 - 1)}`],
  ['1 MB of keys, left open', `{${'"a":1,'.repeat(MB / 6)}`],
  // Each nest closes 250 objects in turn inside an open one: a search for "op" from each start
  // made it quadratic (1 s).
  ['1 MB of 250-deep nests, left open', `{${`${'{"o":'.repeat(250)}1${'}'.repeat(250)}`.repeat(Math.floor((MB - 1) / 1501))}`],
  ['1 MB publish of float64s', JSON.stringify({ op: 'publish', topic: '/bench/data', msg: { layout: { dim: [], data_offset: 0 }, data: floats } })],
];

const worker = new Worker(new URL('../hardware/twin/twin-worker.js', import.meta.url), { workerData: { task: 'PickCube-v1', port: 0, rateHz: TWIN_HZ } });
const url = await new Promise<string>((resolve, reject) => {
  worker.once('message', (m: { url: string }) => resolve(m.url));
  worker.once('error', reject);
});
const open = (): Promise<WebSocket> => new Promise((resolve, reject) => {
  const ws = new WebSocket(url);
  ws.once('open', () => resolve(ws));
  ws.once('error', reject);
});

const arrivals: number[] = [];
const listener = await open();
listener.on('message', () => arrivals.push(performance.now()));
listener.send(JSON.stringify({ op: 'subscribe', topic: '/joint_states', type: 'sensor_msgs/JointState' }));
const sender = await open();
sender.send(JSON.stringify({ op: 'advertise', topic: '/bench/data', type: 'std_msgs/Float64MultiArray' }));
let answered: ((id: string) => void) | null = null;
sender.on('message', (d) => answered?.((JSON.parse(d.toString()) as { id: string }).id));

let calls = 0;
/** Send `frame` (if any), then a call; the ms until the call is answered. */
function handle(frame: string | null): Promise<number> {
  const id = `after-${calls++}`;
  const sent = performance.now();
  return new Promise((resolve) => {
    answered = (got) => got === id && resolve(performance.now() - sent);
    if (frame !== null) sender.send(frame);
    sender.send(JSON.stringify({ op: 'call_service', id, service: '/rosapi/topics', args: {} }));
  });
}

function longestGap(from: number, to: number): number {
  const t = arrivals.filter((x) => x >= from && x <= to);
  let gap = 0;
  for (let i = 1; i < t.length; i++) gap = Math.max(gap, t[i]! - t[i - 1]!);
  return gap;
}

// As the twin's server does before it listens.
IncomingBuffer.warmUp();
const CALL = Buffer.from('{"op":"call_service","id":"x","service":"/rosapi/topics"}');
/** The ms the receive buffer takes over `frame` then a call (which it must yield), given as the socket gives them: bytes. */
function parse(frame: Buffer | null): number {
  const b = new IncomingBuffer();
  const started = performance.now();
  if (frame !== null) b.push(frame);
  if (!b.push(CALL).message) throw new Error('the call after the frame was lost');
  return performance.now() - started;
}

interface Row { frame: string; bytes: number; medianMs: number; maxMs: number; gapMaxMs: number; parseMedianMs: number; parseMaxMs: number }
const rows: Row[] = [];
await new Promise((r) => setTimeout(r, 300));
for (const [name, frame] of [['a call alone', null] as [string, null], ...FRAMES]) {
  const ms: number[] = [];
  const parsed: number[] = [];
  const bytes = frame === null ? null : Buffer.from(frame);
  let gap = 0;
  for (let k = 0; k < REPEATS; k++) {
    parsed.push(parse(bytes));
    const from = performance.now();
    ms.push(await handle(frame));
    // Wait past the next joint state, so the gap counts the silence the frame caused.
    await new Promise((r) => setTimeout(r, 3 * (1000 / TWIN_HZ)));
    gap = Math.max(gap, longestGap(from, performance.now()));
  }
  rows.push({ frame: name, bytes: bytes?.length ?? 0, medianMs: quantile(ms, 0.5), maxMs: Math.max(...ms), gapMaxMs: gap, parseMedianMs: quantile(parsed, 0.5), parseMaxMs: Math.max(...parsed) });
}
listener.close();
sender.close();
worker.postMessage('close');

const load = loadavg()[0]!.toFixed(1);
process.stdout.write(`bench:frames  twin ${TWIN_HZ} Hz (worker thread) at ${url}; each frame ${REPEATS} times, then a call; ${machineLoad()}\n`);
process.stdout.write('frame                                    bytes   handled med     max | state gap max | parser med     max\n');
const f = (x: number, w: number) => x.toFixed(2).padStart(w);
for (const r of rows) {
  process.stdout.write(`${r.frame.padEnd(36)} ${String(r.bytes).padStart(9)}  ${f(r.medianMs, 8)} ms ${f(r.maxMs, 7)} | ${f(r.gapMaxMs, 9)} ms  | ${f(r.parseMedianMs, 7)} ms ${f(r.parseMaxMs, 7)}\n`);
}
const worst = Math.max(...rows.map((r) => r.maxMs));
const ok = worst <= FLOOR_MS;
process.stdout.write(`floor: every frame up to 1 MB handled in <= ${FLOOR_MS} ms: worst ${worst.toFixed(2)} ms: ${ok ? 'PASS' : 'FAIL'}\n`);
mkdirSync('out/bench', { recursive: true });
writeFileSync('out/bench/twin-frames.json', `${JSON.stringify({ twinHz: TWIN_HZ, repeats: REPEATS, floorMs: FLOOR_MS, loadAverage: Number(load), rows }, null, 2)}\n`);
process.exitCode = ok ? 0 : 1;
