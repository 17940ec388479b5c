// armkit's browser teleop page: draws the live scene from the server's scene description and the
// poses it sends after every control step, and sends the keyboard's and the gamepad's state
// after every event. The mapping to actions is the server's (hardware/input/browser-teleop.ts);
// this page only reports what is held and pressed.
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

const socketUrl = new URL('ws', location.href);
socketUrl.protocol = 'ws:';
const ws = new WebSocket(socketUrl);

const statusLine = document.getElementById('status');
const note = document.getElementById('note');
const help = document.getElementById('help');

const renderer = new THREE.WebGLRenderer({ antialias: true });
renderer.setPixelRatio(window.devicePixelRatio);
renderer.setSize(innerWidth, innerHeight);
document.body.prepend(renderer.domElement);
const scene = new THREE.Scene();
scene.background = new THREE.Color('#1d2025');
scene.add(new THREE.HemisphereLight('#ffffff', '#404048', 1.6));
const sun = new THREE.DirectionalLight('#ffffff', 1.8);
sun.position.set(1, -1, 2);
scene.add(sun);
// The sim is z-up; so is this camera.
const camera = new THREE.PerspectiveCamera(45, innerWidth / innerHeight, 0.01, 20);
camera.up.set(0, 0, 1);
const controls = new OrbitControls(camera, renderer.domElement);
const goal = new THREE.Mesh(new THREE.SphereGeometry(0.012, 16, 12), new THREE.MeshBasicMaterial({ color: '#4cd964', transparent: true, opacity: 0.8 }));
scene.add(goal);

let description = null;
let bodies = [];
let frame = null;
let frameCount = 0;
let aimed = false;

function build(d) {
  description = d;
  for (const b of bodies) scene.remove(b);
  bodies = d.bodies.map(() => new THREE.Group());
  for (const s of d.shapes) {
    let geometry;
    if (s.kind === 'box') geometry = new THREE.BoxGeometry(2 * s.half[0], 2 * s.half[1], 2 * s.half[2]);
    else if (s.kind === 'capsule') geometry = new THREE.CapsuleGeometry(s.radius, 2 * s.halfHeight, 6, 16);
    else if (s.kind === 'cylinder') geometry = new THREE.CylinderGeometry(s.radius, s.radius, 2 * s.halfHeight, 24);
    else geometry = new THREE.SphereGeometry(s.radius, 16, 12);
    const mesh = new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ color: new THREE.Color(...s.colour), roughness: 0.7 }));
    mesh.position.set(s.local[0], s.local[1], s.local[2]);
    mesh.quaternion.set(s.local[4], s.local[5], s.local[6], s.local[3]);
    bodies[s.body].add(mesh);
  }
  for (const b of bodies) scene.add(b);
  help.textContent = d.help;
  aimed = false;
}

// Aim at the task once: the objects and the goal, seen from the front right and above.
function aim(f) {
  const focus = new THREE.Vector3(...f.goal);
  let n = 1;
  description.bodies.forEach((name, i) => {
    if (name === 'table' || name.startsWith('robot/')) return;
    focus.add(new THREE.Vector3(f.poses[7 * i], f.poses[7 * i + 1], f.poses[7 * i + 2]));
    n++;
  });
  focus.divideScalar(n);
  controls.target.copy(focus);
  camera.position.copy(focus).add(new THREE.Vector3(0.9, -1.1, 0.8));
  controls.update();
  aimed = true;
}

const PHASE = { idle: 'waiting to start', running: 'recording', ended: 'time limit: save or discard', quit: 'session over' };

function show(f) {
  frame = f;
  frameCount++;
  const p = f.poses;
  bodies.forEach((b, i) => {
    b.position.set(p[7 * i], p[7 * i + 1], p[7 * i + 2]);
    b.quaternion.set(p[7 * i + 4], p[7 * i + 5], p[7 * i + 6], p[7 * i + 3]);
  });
  goal.position.set(...f.goal);
  if (!aimed) aim(f);
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

addEventListener('resize', () => {
  camera.aspect = innerWidth / innerHeight;
  camera.updateProjectionMatrix();
  renderer.setSize(innerWidth, innerHeight);
});
renderer.setAnimationLoop(() => {
  controls.update();
  renderer.render(scene, camera);
});

// For tests and the latency benchmark.
window.armkitTeleop = {
  get ready() { return description !== null && frame !== null && ws.readyState === WebSocket.OPEN; },
  get frame() { return frame; },
  /** Frames received so far. */
  get frameCount() { return frameCount; },
  /** Meshes drawn for the scene. */
  get meshes() { return bodies.reduce((n, b) => n + b.children.length, 0); },
  get bodies() { return description ? description.bodies : []; },
  latencies,
};
