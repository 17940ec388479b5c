// armkit's live view: the episodes of a run (armkit eval --view) as they happen, one frame per
// control step of every env; this page draws the chosen env's newest frame at each repaint.
import { SceneView } from './scene-view.js';

const socketUrl = new URL('ws', location.href);
socketUrl.protocol = 'ws:';
const ws = new WebSocket(socketUrl);
const statusLine = document.getElementById('status');
const envInput = document.getElementById('env');
const view = new SceneView();

let description = null;
let done = null;
// Newest frame per env, and frames received per episode (tests check one per step).
const latest = new Map();
const counts = {};
let frames = 0;
let dirty = false;

ws.onmessage = (m) => {
  const msg = JSON.parse(m.data);
  if (msg.type === 'scene') {
    description = msg;
    view.build(msg);
    envInput.max = String(msg.envs - 1);
  } else if (msg.type === 'frame') {
    frames++;
    counts[msg.episode] = (counts[msg.episode] ?? 0) + 1;
    latest.set(msg.env, msg);
    dirty = true;
  } else if (msg.type === 'done') {
    done = msg;
    dirty = true;
  }
};
ws.onclose = () => { if (!done) statusLine.textContent = 'disconnected (the run is over or the server stopped)'; };
envInput.oninput = () => { dirty = true; };

function paint() {
  requestAnimationFrame(paint);
  if (!dirty || !description) return;
  dirty = false;
  const f = latest.get(Number(envInput.value));
  if (f) view.show(f.poses, f.goal);
  const head = f ? `${description.task} &middot; env ${f.env} episode ${f.episode} step ${f.t + 1} / ${description.maxSteps} &middot; reward ${f.reward.toFixed(3)} &middot; <span class="${f.success ? 'ok' : ''}">success ${f.success ? 'yes' : 'no'}</span>` : `${description.task} &middot; waiting for the first step`;
  statusLine.innerHTML = done ? `${head} &middot; run over: ${done.summary}${done.missed ? ` (${done.missed} frames missed)` : ''}` : head;
}
requestAnimationFrame(paint);

// For tests.
window.armkitLive = {
  get ready() { return description !== null && ws.readyState === WebSocket.OPEN; },
  get done() { return done; },
  get frames() { return frames; },
  counts,
  get meshes() { return view.meshes; },
  get cameras() { return view.cameras; },
};
