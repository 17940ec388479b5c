// armkit's browser teleop page: draws the live scene from the server's scene description and the
// poses it sends after every control step, and sends the keyboard's and the gamepad's state
// after every event. The mapping to actions is the server's (hardware/input/browser-teleop.ts);
// this page only reports what is held and pressed.
import { SceneView } from './scene-view.js';

const socketUrl = new URL('ws', location.href);
socketUrl.protocol = 'ws:';
const ws = new WebSocket(socketUrl);

const statusLine = document.getElementById('status');
const note = document.getElementById('note');
const help = document.getElementById('help');
const view = new SceneView();

let description = null;
let frame = null;
let frameCount = 0;

function build(d) {
  description = d;
  view.build(d);
  help.textContent = d.help;
}

const PHASE = { idle: 'waiting to start', running: 'recording', ended: 'time limit: save or discard', quit: 'session over' };

function show(f) {
  frame = f;
  frameCount++;
  view.show(f.poses, f.goal);
  const recording = f.phase === 'running';
  statusLine.innerHTML = `episode ${f.episode} &middot; step ${f.step} / ${description.maxSteps} &middot; ` +
    `<span class="${f.success ? 'ok' : ''}">success ${f.success ? 'yes' : 'no'}</span> &middot; ` +
    `<span class="${recording ? 'rec' : ''}">${recording ? '&#9679; recording' : PHASE[f.phase]}</span> &middot; saved ${f.saved}`;
  // Inputs older than the step's first were dropped unapplied (sent before the episode started).
  for (const [seq, t] of sentAt) {
    if (seq > f.applied) break;
    if (seq >= f.appliedFrom) latencies.push(performance.now() - t);
    sentAt.delete(seq);
  }
}

ws.onmessage = (m) => {
  const msg = JSON.parse(m.data);
  if (msg.type === 'scene') build(msg);
  else if (msg.type === 'frame' && description) show(msg);
  else if (msg.type === 'note') note.textContent = msg.text;
};
ws.onclose = () => { statusLine.textContent = 'disconnected (the session is over or the server stopped)'; };

// Input: what is held and what went down since the last message, sent after every event.
let seq = 0;
const held = new Set();
let pressed = [];
let pad = null;
let padSeen = '';
// Page-clock event times of inputs not yet applied, for the round trip to the step's frame.
const sentAt = new Map();
const latencies = [];

function send(eventTime, button) {
  const msg = { seq, at: performance.timeOrigin + eventTime, held: [...held].slice(0, 32), pressed: pressed.slice(0, 32), pad };
  if (button) msg.button = button;
  pressed = [];
  if (ws.readyState !== WebSocket.OPEN) return;
  sentAt.set(seq, eventTime);
  seq++;
  ws.send(JSON.stringify(msg));
}

function keyOf(e) {
  return e.key.length <= 16 ? e.key.toLowerCase() : null;
}

addEventListener('keydown', (e) => {
  const k = keyOf(e);
  if (k === null || e.ctrlKey || e.metaKey || e.altKey) return;
  if (k === ' ') e.preventDefault();
  if (e.repeat) return;
  held.add(k);
  pressed.push(k);
  send(e.timeStamp);
});
addEventListener('keyup', (e) => {
  const k = keyOf(e);
  if (k === null || !held.delete(k)) return;
  send(e.timeStamp);
});
// Keys let go while the page had no focus never send keyup: drop them all.
addEventListener('blur', () => {
  held.clear();
  send(performance.now());
});

for (const name of ['start', 'save', 'discard', 'quit']) {
  const b = document.getElementById(name);
  // No focus on click: a focused button would take space as a click.
  b.addEventListener('mousedown', (e) => e.preventDefault());
  b.addEventListener('click', (e) => send(e.timeStamp, name));
}

// The Gamepad API has no events for sticks: poll, and send when the state changed.
function pollPad() {
  const now = performance.now();
  const pads = navigator.getGamepads ? [...navigator.getGamepads()] : [];
  const live = pads.filter((g) => g && g.connected);
  const g = live.find((p) => p.mapping === 'standard');
  if (!g && live.length) note.textContent = `gamepad "${live[0].id}" has no standard mapping; it is not used`;
  const snap = g ? { axes: [...g.axes].slice(0, 16), buttons: [...g.buttons].slice(0, 32).map((b) => ({ pressed: b.pressed, value: b.value })) } : null;
  const seen = JSON.stringify(snap);
  if (seen === padSeen) return;
  padSeen = seen;
  pad = snap;
  // The pad's own timestamp says when it changed, if the browser gives a sane one.
  send(g && g.timestamp > 0 && g.timestamp <= now ? g.timestamp : now);
}
setInterval(pollPad, 5);

// For tests and the latency benchmark.
window.armkitTeleop = {
  get ready() { return description !== null && frame !== null && ws.readyState === WebSocket.OPEN; },
  get frame() { return frame; },
  /** Frames received so far. */
  get frameCount() { return frameCount; },
  /** Meshes drawn for the scene. */
  get meshes() { return view.meshes; },
  /** The task cameras shown as insets. */
  get cameras() { return view.cameras; },
  get bodies() { return description ? description.bodies : []; },
  latencies,
};
