import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeSimEnv } from '../../tasks/make-env.js';
import type { CameraConfig } from '../camera-config.js';
import { CAMERA_DEFAULTS, cameraPose, lookAtCamera, projectPoint } from '../camera-config.js';
import { writeCameraPoses } from '../camera-poses.js';
import { sceneShapes, writeBodyPoses } from '../scene-shapes.js';
import { ChromiumRenderer } from './chromium-renderer.js';

const H = 0.02; // PickCube's cube half size
// Straight down from 0.5 m over the cube: ManiSkill's camera frame x forward = world -z, z up = world +x.
const down = (x: number, y: number): CameraConfig => ({
  uid: 'down', placement: { pose: { p: { x, y, z: 0.5 }, q: { w: Math.SQRT1_2, x: 0, y: Math.SQRT1_2, z: 0 } } },
  width: 128, height: 128, fov: Math.PI / 6, ...CAMERA_DEFAULTS,
});
const all = { rgb: true, depth: true, segmentation: true };

test('a rendered PickCube frame: cube pixels where the intrinsics project it, depth within 2 mm, segmentation ids, same seed same bytes', async () => {
  using env = makeSimEnv('PickCube-v1');
  env.reset({ seed: 3 });
  const cube = env.scene.body('cube').translation();
  const cameras = [down(cube.x, cube.y), lookAtCamera('base_camera', { x: 0.3, y: 0, z: 0.6 }, { x: -0.1, y: 0, z: 0.1 }, 128, 128, Math.PI / 2)];
  // The known scene: table and cube (the arm at rest hangs over the cube's area).
  const full = sceneShapes(env.scene);
  const shapes = { ...full, shapes: full.shapes.filter((s) => !full.bodies[s.body]!.startsWith('robot/')) };
  const cubeId = shapes.bodies.indexOf('cube') + 1;
  const tableId = shapes.bodies.indexOf('table') + 1;
  await using r = await ChromiumRenderer.open({ scenes: [shapes], cameras });
  const bodies = new Float32Array(shapes.handles.length * 7);
  const cams = new Float32Array(cameras.length * 7);
  writeBodyPoses(env.scene, shapes, bodies, 0);
  writeCameraPoses(cameras, cams, 0);
  const out = await r.render(bodies, cams, all);
  const im = out['down']!;
  // The cube's top face: its corners' projections bound its pixels (the cube has a yaw).
  const q = env.scene.body('cube').rotation();
  const c = cameras[0]!;
  const wp = cameraPose(c);
  const corners = [[-1, -1], [-1, 1], [1, -1], [1, 1]].map(([sx, sy]) => {
    const cz = Math.cos(2 * Math.atan2(q.z, q.w)), sz = Math.sin(2 * Math.atan2(q.z, q.w));
    const lx = sx! * H, ly = sy! * H;
    return projectPoint(c, wp, { x: cube.x + cz * lx - sz * ly, y: cube.y + sz * lx + cz * ly, z: 2 * H });
  });
  const centre = projectPoint(c, wp, { x: cube.x, y: cube.y, z: 2 * H });
  const u = Math.floor(centre.u), v = Math.floor(centre.v);
  assert.ok(Math.abs(centre.u - 64) < 1e-6 && Math.abs(centre.v - 64) < 1e-6, 'the camera is centred on the cube');
  const at = (x: number, y: number) => y * 128 + x;
  assert.equal(im.segmentation![at(u, v)], cubeId, 'segmentation at the cube centre is the cube');
  assert.ok(Math.abs(im.depth![at(u, v)]! - (0.5 - 2 * H) * 1000) <= 2, `depth at the cube centre ${im.depth![at(u, v)]} mm, expected ${(0.5 - 2 * H) * 1000}`);
  const rgb = im.rgb!.subarray(at(u, v) * 3, at(u, v) * 3 + 3);
  assert.ok(rgb[0]! > 2 * rgb[1]! && rgb[0]! > 2 * rgb[2]!, `the cube is red, got ${Array.from(rgb)}`);
  // Every pixel: cube inside the projected top face (1 px margin), not the cube outside it.
  let inside = 0;
  for (let y = 0; y < 128; y++) {
    for (let x = 0; x < 128; x++) {
      const d = insideBy(corners, x + 0.5, y + 0.5);
      const id = im.segmentation![at(x, y)];
      if (d > 1) { assert.equal(id, cubeId, `pixel ${x},${y} is in the cube's projection`); inside++; }
      if (d < -1) assert.notEqual(id, cubeId, `pixel ${x},${y} is outside the cube's projection`);
    }
  }
  assert.ok(inside > 100, `the cube covers ${inside} pixels`);
  assert.ok(im.segmentation!.includes(tableId), 'the table is seen');
  // The ManiSkill base camera sees the cube where its centre projects.
  const base = out['base_camera']!;
  const b = projectPoint(cameras[1]!, cameraPose(cameras[1]!), { x: cube.x, y: cube.y, z: H });
  assert.equal(base.segmentation![at(Math.floor(b.u), Math.floor(b.v))], cubeId);
  // Same state, same bytes; another seed, other bytes.
  const first = Buffer.from(out['base_camera']!.rgb!);
  writeBodyPoses(env.scene, shapes, bodies, 0);
  assert.deepEqual(Buffer.from((await r.render(bodies, cams, all))['base_camera']!.rgb!), first);
  env.reset({ seed: 4 });
  writeBodyPoses(env.scene, shapes, bodies, 0);
  assert.notDeepEqual(Buffer.from((await r.render(bodies, cams, all))['base_camera']!.rgb!), first);
});

// Signed distance (pixels) of a point inside the convex hull of four corners (positive inside).
function insideBy(pts: { u: number; v: number }[], x: number, y: number): number {
  const cx = pts.reduce((s, p) => s + p.u, 0) / 4, cy = pts.reduce((s, p) => s + p.v, 0) / 4;
  const ordered = [...pts].sort((a, b) => Math.atan2(a.v - cy, a.u - cx) - Math.atan2(b.v - cy, b.u - cx));
  let min = Infinity;
  for (let i = 0; i < 4; i++) {
    const a = ordered[i]!, b = ordered[(i + 1) % 4]!;
    const ex = b.u - a.u, ey = b.v - a.v, n = Math.hypot(ex, ey);
    const side = (ex * (y - a.v) - ey * (x - a.u)) / n;
    const centreSide = ex * (cy - a.v) - ey * (cx - a.u);
    min = Math.min(min, Math.sign(centreSide) * side);
  }
  return min;
}
