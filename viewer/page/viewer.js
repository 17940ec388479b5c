// armkit's episode viewer: plays back the collider poses of one recorded episode with three.js.
// Query: ?frame=N|last to open at a step, &paused=1 to hold there (screenshots use both); the
// server's token, when it asks for one, goes on to the episode request.
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

const query = new URLSearchParams(location.search);
const view = await (await fetch(`/episode.json${location.search}`)).json();
const frameCount = view.frames.length;

const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
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

const colours = { table: '#8b8174', object: '#d9534f', robot: '#e6e8ec' };
const meshes = view.shapes.map((s) => {
  let geometry;
  if (s.kind === 'box') geometry = new THREE.BoxGeometry(2 * s.half[0], 2 * s.half[1], 2 * s.half[2]);
  else if (s.kind === 'capsule') geometry = new THREE.CapsuleGeometry(s.radius, 2 * s.halfHeight, 6, 16);
  else if (s.kind === 'cylinder') geometry = new THREE.CylinderGeometry(s.radius, s.radius, 2 * s.halfHeight, 24);
  else geometry = new THREE.SphereGeometry(s.radius, 16, 12);
  const mesh = new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ color: colours[s.role], roughness: 0.7 }));
  scene.add(mesh);
  return mesh;
});

if (view.goal) {
  const goal = new THREE.Mesh(new THREE.SphereGeometry(0.012, 16, 12), new THREE.MeshBasicMaterial({ color: '#4cd964', transparent: true, opacity: 0.8 }));
  goal.position.set(...view.goal);
  scene.add(goal);
}

// Aim at the task: the objects and the goal, seen from the front right and above.
const focus = new THREE.Vector3();
let n = 0;
view.shapes.forEach((s, i) => {
  if (s.role !== 'object') return;
  focus.add(new THREE.Vector3(...view.frames[0].slice(7 * i, 7 * i + 3)));
  n++;
});
if (view.goal) { focus.add(new THREE.Vector3(...view.goal)); n++; }
if (n > 0) focus.divideScalar(n);
controls.target.copy(focus);
camera.position.copy(focus).add(new THREE.Vector3(0.9, -1.1, 0.8));
controls.update();

const hud = document.getElementById('hud');
const seek = document.getElementById('seek');
const stepLabel = document.getElementById('step');
const play = document.getElementById('play');
seek.max = String(frameCount - 1);

let frame = 0;
function setFrame(k) {
  frame = Math.max(0, Math.min(frameCount - 1, Math.round(k)));
  const f = view.frames[frame];
  meshes.forEach((m, i) => {
    m.position.set(f[7 * i], f[7 * i + 1], f[7 * i + 2]);
    m.quaternion.set(f[7 * i + 4], f[7 * i + 5], f[7 * i + 6], f[7 * i + 3]);
  });
  seek.value = String(frame);
  stepLabel.textContent = `step ${frame} / ${frameCount - 1}`;
  const success = frame > 0 && view.success[frame - 1];
  const reached = view.success.slice(0, frame).some(Boolean);
  const reward = frame > 0 ? view.rewards[frame - 1].toFixed(3) : '-';
  hud.innerHTML = `<b>${view.task}</b> ${view.demo} (seed ${view.seed})<br>reward ${reward}<br>` +
    `<span class="${success ? 'ok' : 'no'}">success ${success ? 'yes' : 'no'}</span>` +
    `${reached && !success ? ' (reached earlier)' : ''}`;
}

let playing = query.get('paused') !== '1';
play.textContent = playing ? 'pause' : 'play';
play.onclick = () => { playing = !playing; play.textContent = playing ? 'pause' : 'play'; if (playing && frame === frameCount - 1) setFrame(0); };
seek.oninput = () => { playing = false; play.textContent = 'play'; setFrame(Number(seek.value)); };
addEventListener('resize', () => {
  camera.aspect = innerWidth / innerHeight;
  camera.updateProjectionMatrix();
  renderer.setSize(innerWidth, innerHeight);
});

const start = query.get('frame');
setFrame(start === 'last' ? frameCount - 1 : Number(start ?? 0));
let last = performance.now();
let carry = 0;
renderer.setAnimationLoop((now) => {
  if (playing) {
    // Real time: one frame per control period.
    carry += (now - last) * view.controlHz / 1000;
    const advance = Math.floor(carry);
    carry -= advance;
    if (advance > 0) setFrame(frame + advance >= frameCount ? frameCount - 1 : frame + advance);
    if (frame === frameCount - 1) { playing = false; play.textContent = 'play'; }
  }
  last = now;
  controls.update();
  renderer.render(scene, camera);
});

// For tests and scripted screenshots.
window.armkitViewer = { ready: true, frameCount, setFrame, get frame() { return frame; }, shapes: meshes.length };
