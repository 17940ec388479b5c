// armkit's batched renderer page: every env's scene once, then per call body and camera poses in,
// every camera of every env drawn into tiles of one target, one readback, packed in ManiSkill's
// layout (rows top-down) and handed back as one binary WebSocket message.
import * as THREE from '/three/build/three.module.js';

const canvas = document.createElement('canvas');
const gl = new THREE.WebGLRenderer({ canvas, antialias: false, alpha: true, powerPreference: 'high-performance' });
gl.autoClear = false;

// ManiSkill's camera frame (x forward, y left, z up) to three's (looks down -z, y up).
const MS_TO_THREE = new THREE.Quaternion().setFromRotationMatrix(
  new THREE.Matrix4().makeBasis(new THREE.Vector3(0, -1, 0), new THREE.Vector3(0, 0, 1), new THREE.Vector3(-1, 0, 0)),
);

const GEOM_VERTEX = `varying float vDepth;
void main() { vec4 mv = modelViewMatrix * vec4(position, 1.0); vDepth = -mv.z; gl_Position = projectionMatrix * mv; }`;
const GEOM_FRAGMENT = `uniform float segId; varying float vDepth;
void main() { gl_FragColor = vec4(vDepth, segId, 0.0, 1.0); }`;

let state = null;

function geometryOf(s) {
  if (s.kind === 'box') return new THREE.BoxGeometry(2 * s.half[0], 2 * s.half[1], 2 * s.half[2]);
  if (s.kind === 'capsule') return new THREE.CapsuleGeometry(s.radius, 2 * s.halfHeight, 4, 12);
  if (s.kind === 'cylinder') return new THREE.CylinderGeometry(s.radius, s.radius, 2 * s.halfHeight, 16);
  return new THREE.SphereGeometry(s.radius, 16, 12);
}

function buildScene(shapes) {
  const scene = new THREE.Scene();
  scene.add(new THREE.HemisphereLight(0xffffff, 0x404048, 1.5));
  const sun = new THREE.DirectionalLight(0xffffff, 1.8);
  sun.position.set(1, -1, 2);
  scene.add(sun);
  const groups = shapes.bodies.map(() => {
    const g = new THREE.Group();
    g.matrixAutoUpdate = true;
    scene.add(g);
    return g;
  });
  const meshes = [];
  for (const s of shapes.shapes) {
    const colour = new THREE.MeshLambertMaterial({ color: new THREE.Color().setRGB(...s.colour, THREE.SRGBColorSpace) });
    const geom = new THREE.ShaderMaterial({ vertexShader: GEOM_VERTEX, fragmentShader: GEOM_FRAGMENT, uniforms: { segId: { value: s.body + 1 } } });
    const mesh = new THREE.Mesh(geometryOf(s), colour);
    mesh.position.set(s.local[0], s.local[1], s.local[2]);
    mesh.quaternion.set(s.local[4], s.local[5], s.local[6], s.local[3]);
    mesh.userData = { colour, geom };
    groups[s.body].add(mesh);
    meshes.push(mesh);
  }
  return { scene, groups, meshes, lights: scene.children.filter((c) => c.isLight) };
}

window.armkitRender = {
  init(setup) {
    const envs = setup.scenes.map(buildScene);
    const cameras = setup.cameras.map((c) => {
      const cam = new THREE.PerspectiveCamera((c.fov * 180) / Math.PI, c.width / c.height, c.near, c.far);
      cam.matrixAutoUpdate = true;
      return cam;
    });
    const tileW = Math.max(...setup.cameras.map((c) => c.width));
    const tileH = Math.max(...setup.cameras.map((c) => c.height));
    const tiles = envs.length * cameras.length;
    const cols = Math.ceil(Math.sqrt(tiles));
    const rows = Math.ceil(tiles / cols);
    const W = cols * tileW, H = rows * tileH;
    const colourTarget = new THREE.WebGLRenderTarget(W, H, { depthBuffer: true });
    colourTarget.texture.colorSpace = THREE.SRGBColorSpace;
    const geomTarget = new THREE.WebGLRenderTarget(W, H, { type: THREE.FloatType, depthBuffer: true });
    state = { setup, envs, cameras, cols, tileW, tileH, W, H, colourTarget, geomTarget, rgba: new Uint8Array(W * H * 4), floats: new Float32Array(W * H * 4), bodyFloats: 7 * setup.scenes.reduce((n, s) => n + s.bodies.length, 0) };
    return { W, H, tiles };
  },

  render(bodyPoses, cameraPoses, passes) {
    const t0 = performance.now();
    const { envs, cameras, setup } = state;
    let k = 0;
    for (const env of envs) {
      for (const g of env.groups) {
        g.position.set(bodyPoses[k], bodyPoses[k + 1], bodyPoses[k + 2]);
        g.quaternion.set(bodyPoses[k + 4], bodyPoses[k + 5], bodyPoses[k + 6], bodyPoses[k + 3]);
        k += 7;
      }
    }
    const reply = new ArrayBuffer(replyLayout(passes));
    const timing = new Float64Array(reply, 0, 3);
    const ctx = gl.getContext();
    if (passes.rgb) {
      drawAll('colour', state.colourTarget, [0, 0, 0], cameraPoses);
      ctx.finish();
      const t1 = performance.now();
      gl.readRenderTargetPixels(state.colourTarget, 0, 0, state.W, state.H, state.rgba);
      const t1b = performance.now();
      packRgb(reply, passes);
      timing[0] += t1 - t0;
      timing[1] += t1b - t1;
      timing[2] += performance.now() - t1b;
    }
    if (passes.depth || passes.segmentation) {
      const t2 = performance.now();
      drawAll('geom', state.geomTarget, null, cameraPoses);
      ctx.finish();
      const t3 = performance.now();
      gl.readRenderTargetPixels(state.geomTarget, 0, 0, state.W, state.H, state.floats);
      const t3b = performance.now();
      packGeom(reply, passes);
      timing[0] += t3 - t2;
      timing[1] += t3b - t3;
      timing[2] += performance.now() - t3b;
    }
    return reply;

    function drawAll(kind, target, background, poses) {
      for (const env of envs) {
        for (const m of env.meshes) m.material = m.userData[kind];
        for (const l of env.lights) l.visible = kind === 'colour';
        env.scene.background = background ? new THREE.Color(...background) : null;
      }
      target.scissorTest = false;
      target.viewport.set(0, 0, state.W, state.H);
      gl.setRenderTarget(target);
      gl.setClearColor(0x000000, 0);
      gl.clear(true, true, false);
      target.scissorTest = true;
      let p = 0;
      envs.forEach((env, e) => {
        cameras.forEach((cam, c) => {
          const cfg = setup.cameras[c];
          const t = e * cameras.length + c;
          const x = (t % state.cols) * state.tileW, y = Math.floor(t / state.cols) * state.tileH;
          target.viewport.set(x, y, cfg.width, cfg.height);
          target.scissor.set(x, y, cfg.width, cfg.height);
          gl.setRenderTarget(target);
          cam.position.set(poses[p], poses[p + 1], poses[p + 2]);
          cam.quaternion.set(poses[p + 4], poses[p + 5], poses[p + 6], poses[p + 3]).multiply(MS_TO_THREE);
          p += 7;
          cam.updateMatrixWorld();
          gl.render(env.scene, cam);
        });
      });
      gl.setRenderTarget(null);
    }
  },
};

// The reply: three float64 timings (render, readback, packing, ms), then per camera its rgb bytes, depth
// int16 and segmentation int16 as asked, envs one after the other, image rows top-down (the
// target's rows run bottom-up).
function replyLayout(passes) {
  const { envs, setup } = state;
  let bytes = 24;
  for (const c of setup.cameras) {
    const px = envs.length * c.width * c.height;
    if (passes.rgb) bytes += 3 * px;
    if (passes.depth) bytes += 2 * px;
    if (passes.segmentation) bytes += 2 * px;
  }
  return bytes;
}

function packRgb(reply, passes) {
  const { envs, cameras, setup, cols, tileW, tileH, W, rgba } = state;
  const bytes = new Uint8Array(reply);
  let o = 24;
  cameras.forEach((_, c) => {
    const { width: w, height: h } = setup.cameras[c];
    for (let e = 0; e < envs.length; e++) {
      const t = e * cameras.length + c;
      const x0 = (t % cols) * tileW, y0 = Math.floor(t / cols) * tileH;
      for (let r = 0; r < h; r++) {
        let i = ((y0 + h - 1 - r) * W + x0) * 4;
        for (let u = 0; u < w; u++, i += 4) {
          bytes[o++] = rgba[i]; bytes[o++] = rgba[i + 1]; bytes[o++] = rgba[i + 2];
        }
      }
    }
    o += envs.length * w * h * (2 * passes.depth + 2 * passes.segmentation);
  });
}

// Depth as int16 millimetres (rounded; 0 where nothing was hit) and body ids.
function packGeom(reply, passes) {
  const { envs, cameras, setup, cols, tileW, tileH, W, floats } = state;
  let o = 24;
  cameras.forEach((_, c) => {
    const { width: w, height: h } = setup.cameras[c];
    const n = envs.length * h * w;
    if (passes.rgb) o += 3 * n;
    const depth = passes.depth ? new Int16Array(reply, o, n) : null;
    if (depth) o += 2 * n;
    const seg = passes.segmentation ? new Int16Array(reply, o, n) : null;
    if (seg) o += 2 * n;
    let k = 0;
    for (let e = 0; e < envs.length; e++) {
      const t = e * cameras.length + c;
      const x0 = (t % cols) * tileW, y0 = Math.floor(t / cols) * tileH;
      for (let r = 0; r < h; r++) {
        let i = ((y0 + h - 1 - r) * W + x0) * 4;
        for (let u = 0; u < w; u++, i += 4, k++) {
          if (depth) depth[k] = Math.min(32767, Math.round(floats[i] * 1000));
          if (seg) seg[k] = floats[i + 1];
        }
      }
    }
  });
}

// Requests come over a WebSocket from the Node side, binary both ways (the DevTools protocol's
// JSON is far slower for images): float32 [rgb, depth, segmentation flags, body poses, camera
// poses]. The reply goes back split over `lanes` sockets: one socket's throughput is the limit
// here (measured: 4 lanes about halve the transfer of 0.8 MB).
window.armkitRender.connect = async (url, lanes) => {
  const open = (lane) => new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/?lane=${lane}`);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error(`cannot reach ${url}`));
  });
  const sockets = [];
  for (let i = 0; i < lanes; i++) sockets.push(await open(i));
  sockets[0].onmessage = (m) => {
    const f = new Float32Array(m.data);
    const passes = { rgb: f[0] === 1, depth: f[1] === 1, segmentation: f[2] === 1 };
    const nb = state.bodyFloats;
    const reply = window.armkitRender.render(f.subarray(3, 3 + nb), f.subarray(3 + nb), passes);
    const part = Math.ceil(reply.byteLength / lanes);
    sockets.forEach((ws, i) => ws.send(new Uint8Array(reply, i * part, Math.max(0, Math.min(part, reply.byteLength - i * part)))));
  };
  return true;
};

window.armkitRender.ready = true;
