// armkit's live view: the episodes of a run (armkit eval/collect/deploy --view) as they happen,
// one frame per control step of every env; this page draws the chosen env's newest frame at each
// repaint. On a real arm (scene source 'robot') the frames carry the measured joint state posed as
// the robot, the commanded target (drawn as a ghost arm) and the safety layer's verdict, which a
// timeline along the bottom marks step by step with the human interventions and interruptions.
import * as THREE from 'three';
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
// Real arm: one mark per step of the current episode ({ t, status, reason, intervention }), the
// interruptions, and counts over the run (tests read them).
let marks = [];
const interrupts = [];
const statusCounts = { sent: 0, clipped: 0, held: 0 };
const holdReasons = {};
let interventions = 0;
let ghost = [];
const timeline = document.getElementById('timeline');
const canvas = document.getElementById('marks');
const detail = document.getElementById('detail');

// The robot's links again, translucent: where the command asks the arm to be.
function buildGhost(d) {
  for (const g of ghost) view.scene.remove(g);
  const material = new THREE.MeshBasicMaterial({ color: '#56ccf2', transparent: true, opacity: 0.25, depthWrite: false });
  ghost = view.bodies.map((b, i) => {
    if (!d.bodies[i].startsWith('robot/')) return null;
    const g = new THREE.Group();
    for (const m of b.children) {
      const c = new THREE.Mesh(m.geometry, material);
      c.position.copy(m.position);
      c.quaternion.copy(m.quaternion);
      g.add(c);
    }
    view.scene.add(g);
    return g;
  });
}

function showGhost(poses) {
  ghost.forEach((g, i) => {
    if (!g) return;
    g.position.set(poses[7 * i], poses[7 * i + 1], poses[7 * i + 2]);
    g.quaternion.set(poses[7 * i + 4], poses[7 * i + 5], poses[7 * i + 6], poses[7 * i + 3]);
  });
}

const COLOURS = { sent: '#6fcf7f', clipped: '#f2c94c', held: '#eb5757' };

function drawTimeline() {
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, w, h);
  const n = Math.max(1, description.maxSteps);
  const dx = w / n;
  for (const m of marks) {
    g.fillStyle = COLOURS[m.status] ?? '#888';
    g.fillRect(m.t * dx, 4, Math.max(1, dx - 1), h / 2 - 6);
    if (m.intervention) { g.fillStyle = '#56ccf2'; g.fillRect(m.t * dx, h / 2, Math.max(1, dx - 1), h / 2 - 4); }
  }
  const episode = marks.at(-1)?.episode;
  g.fillStyle = '#bb6bd9';
  for (const i of interrupts) {
    if (i.episode !== episode) continue;
    const x = (i.t + 1) * dx;
    g.beginPath(); g.moveTo(x, h - 2); g.lineTo(x - 6, h - 14); g.lineTo(x + 6, h - 14); g.fill();
  }
}

function onRobotFrame(msg) {
  if (marks.length && marks.at(-1).episode !== msg.episode) marks = [];
  // A retried attempt starts its steps again: keep the marks of the newest one.
  if (marks.length && msg.t <= marks.at(-1).t) marks = marks.filter((m) => m.t < msg.t);
  marks.push({ episode: msg.episode, t: msg.t, status: msg.status, reason: msg.reason, intervention: msg.intervention });
  statusCounts[msg.status] = (statusCounts[msg.status] ?? 0) + 1;
  if (msg.status === 'held') holdReasons[msg.reason] = (holdReasons[msg.reason] ?? 0) + 1;
  if (msg.intervention) interventions++;
}

ws.onmessage = (m) => {
  const msg = JSON.parse(m.data);
  if (msg.type === 'scene') {
    description = msg;
    view.build(msg);
    envInput.max = String(msg.envs - 1);
    if (msg.source === 'robot') {
      buildGhost(msg);
      timeline.style.display = 'block';
      document.getElementById('legend').style.display = 'block';
    }
  } else if (msg.type === 'frame' || msg.type === 'robot') {
    frames++;
    if (msg.type === 'robot') onRobotFrame(msg);
    counts[msg.episode] = (counts[msg.episode] ?? 0) + 1;
    latest.set(msg.env, msg);
    dirty = true;
  } else if (msg.type === 'interrupt') {
    interrupts.push(msg);
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
  if (f?.type === 'robot') {
    showGhost(f.targetPoses);
    drawTimeline();
    const last = interrupts.at(-1);
    detail.textContent = `step ${f.t + 1}: ${f.status}${f.reason ? ` (${f.reason})` : ''}${f.intervention ? ', human' : ''}` +
      ` · q ${f.q.map((x) => x.toFixed(2)).join(' ')}${last ? ` · last interruption: episode ${last.episode}: ${last.reason}` : ''}`;
  }
  const where = description.source === 'robot' ? `${description.robot} ` : '';
  const head = f ? `${where}${description.task} &middot; env ${f.env} episode ${f.episode} step ${f.t + 1} / ${description.maxSteps} &middot; reward ${f.reward.toFixed(3)} &middot; <span class="${f.success ? 'ok' : ''}">success ${f.success ? 'yes' : 'no'}</span>` : `${description.task} &middot; waiting for the first step`;
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
  statusCounts,
  holdReasons,
  get interventions() { return interventions; },
  get interrupts() { return interrupts.length; },
  get ghosts() { return ghost.filter((g) => g).length; },
  get timelineMarks() { return marks.length; },
};
