// Camera images through recording and exchange: `collect --obs-mode rgb` records the task's
// cameras as obs/<camera>_image (uint8 [N, H, W, 3], chunked, gzip); LeRobot export encodes each
// camera as an AV1 MP4 (ffprobe reads it back), import decodes it.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { Hdf5DemoReader } from '../../recording/hdf5-demo-reader.js';
import { exportLerobot } from '../../recording/lerobot-export.js';
import { importLerobot } from '../../recording/lerobot-import.js';
import { RecordingError } from '../../recording/recording-error.js';
import { assetPath } from '../../robot/asset-path.js';

const dir = mkdtempSync(join(tmpdir(), 'armkit-camera-rec-'));
const h5 = join(dir, 'rgb.hdf5');
const KEY = 'base_camera_image';

before(async () => {
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [assetPath('bin/armkit.js'), 'collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '2', '--obs-mode', 'rgb', '--out', h5, '--quiet'], (e, _out, err) => (e ? reject(new Error(err)) : resolve())),
  );
});

test('collect --obs-mode rgb records each camera as uint8 [N, H, W, 3] frames that follow the steps', () => {
  using r = new Hdf5DemoReader(h5);
  assert.equal(r.envArgs['env_kwargs'] && (r.envArgs['env_kwargs'] as Record<string, unknown>)['obs_mode'], 'rgb');
  for (const name of r.demoNames) {
    const d = r.demo(name);
    assert.deepEqual(r.imageKeys(name), [KEY]);
    assert.ok(!r.stateKeys(name).includes(KEY));
    const obs = r.images(name, KEY)!;
    const next = r.images(name, KEY, true)!;
    assert.deepEqual([obs.height, obs.width], [128, 128]);
    const frame = 128 * 128 * 3;
    assert.equal(obs.frames.length, d.numSamples * frame);
    // The observation after step t is the one before step t + 1.
    assert.deepEqual(Buffer.from(obs.frames.subarray(frame)), Buffer.from(next.frames.subarray(0, (d.numSamples - 1) * frame)));
    // The arm moves: the first and last frames differ, and a frame is not one flat colour.
    assert.notDeepEqual(Buffer.from(obs.frames.subarray(0, frame)), Buffer.from(next.frames.subarray((d.numSamples - 1) * frame)));
    assert.ok(new Set(obs.frames.subarray(0, frame)).size > 20);
  }
});

test('LeRobot export writes one AV1 MP4 per camera with every frame, and import decodes it back', async () => {
  const out = join(dir, 'lerobot');
  const e = exportLerobot(h5, out);
  const video = join(out, 'videos/observation.images.base_camera/chunk-000/file-000.mp4');
  const probe = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,nb_read_frames,pix_fmt', '-of', 'json', video], { encoding: 'utf8' });
  assert.equal(probe.status, 0, probe.stderr);
  const stream = (JSON.parse(probe.stdout) as { streams: Record<string, unknown>[] }).streams[0]!;
  assert.deepEqual(stream, { codec_name: 'av1', width: 128, height: 128, pix_fmt: 'yuv420p', nb_read_frames: String(e.frames) });
  const info = JSON.parse(readFileSync(join(out, 'meta/info.json'), 'utf8')) as { features: Record<string, { dtype: string; shape: number[]; info?: Record<string, unknown> }> };
  const f = info.features['observation.images.base_camera']!;
  assert.equal(f.dtype, 'video');
  assert.deepEqual(f.shape, [128, 128, 3]);
  assert.equal(f.info!['video.codec'], 'av1');
  assert.ok(!('base_camera_image' in info.features) && info.features['observation.state']!.shape[0]! < 100, 'images are not in observation.state');
  // Each episode's span of the video, as LeRobot's episodes file gives it.
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const spans = (await db.runAndReadAll(`SELECT "videos/observation.images.base_camera/from_timestamp" AS a, "videos/observation.images.base_camera/to_timestamp" AS b, length AS n FROM '${join(out, 'meta/episodes/chunk-000/file-000.parquet')}' ORDER BY episode_index`)).getRowObjectsJS();
  assert.equal(spans.length, 2);
  assert.equal(spans[0]!['a'], 0);
  assert.equal(spans[1]!['a'], spans[0]!['b']);
  assert.equal(spans[1]!['b'], e.frames / 20);

  const back = join(dir, 'back.hdf5');
  await importLerobot(out, back);
  using a = new Hdf5DemoReader(h5);
  using b = new Hdf5DemoReader(back);
  for (const name of a.demoNames) {
    for (const k of a.stateKeys(name)) assert.deepEqual(Buffer.from(b.observation(name, k)!.rows.buffer), Buffer.from(a.observation(name, k)!.rows.buffer), `${name}/${k}`);
    const x = a.images(name, KEY)!.frames;
    const y = b.images(name, KEY)!.frames;
    assert.equal(y.length, x.length);
    let se = 0;
    for (let i = 0; i < x.length; i++) se += (x[i]! - y[i]!) ** 2;
    const psnr = 10 * Math.log10((255 * 255) / (se / x.length));
    assert.ok(psnr > 30, `${name}: PSNR ${psnr.toFixed(1)} dB after AV1 at CRF 30`);
  }
});

test('an export with images and no ffmpeg says what to install', () => {
  const path = process.env['PATH'];
  process.env['PATH'] = '/nonexistent';
  try {
    assert.throws(() => exportLerobot(h5, join(dir, 'no-ffmpeg')), (e: unknown) => e instanceof RecordingError && /expected ffmpeg on PATH \(Debian: apt-get install ffmpeg\)/.test(e.message));
  } finally {
    process.env['PATH'] = path;
  }
});
