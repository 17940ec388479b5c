import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { RecordingError } from './recording-error.js';

/** How camera streams are encoded: LeRobot's defaults for its datasets (AV1 by SVT-AV1, 4:2:0, a key frame every 2 frames, CRF 30). */
export const VIDEO_ENCODING = { codec: 'libsvtav1', name: 'av1', pixFmt: 'yuv420p', gop: 2, crf: 30 } as const;

// Frames go through stdin and stdout as raw rgb24: no temporary image files. A megabyte of
// headroom per frame covers ffmpeg's own output on stderr too.
function ffmpeg(args: string[], input: Uint8Array | null, what: string, maxBytes: number): Buffer {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args], { input: input ?? undefined, maxBuffer: maxBytes + (1 << 20) });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new RecordingError(`${what}: expected ffmpeg on PATH (Debian: apt-get install ffmpeg), found none`);
  }
  if (r.error) throw new RecordingError(`${what}: ffmpeg failed: ${r.error.message}`, { cause: r.error });
  if (r.status !== 0) throw new RecordingError(`${what}: ffmpeg exited with status ${r.status}: ${r.stderr.toString().trim().split('\n').slice(-3).join('; ')}`);
  return r.stdout;
}

/**
 * Encode rgb24 frames (N x H x W x 3, one after the other) as an MP4 at `fps`, with
 * VIDEO_ENCODING's settings.
 * @throws RecordingError when ffmpeg is missing or fails.
 */
export function encodeVideo(path: string, frames: Uint8Array, width: number, height: number, fps: number): void {
  if (frames.length % (width * height * 3) !== 0) throw new RecordingError(`${path}: expected whole ${width}x${height} rgb frames, found ${frames.length} bytes`);
  mkdirSync(dirname(path), { recursive: true });
  const e = VIDEO_ENCODING;
  ffmpeg(['-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0', '-c:v', e.codec, '-pix_fmt', e.pixFmt, '-g', String(e.gop), '-crf', String(e.crf), path], frames, `encoding ${path}`, 0);
}

/**
 * Decode every frame of a video into rgb24 (N x H x W x 3).
 * @throws RecordingError when ffmpeg is missing or fails, or the frames are not width x height.
 */
export function decodeVideo(path: string, width: number, height: number, expectedFrames: number): Uint8Array {
  const out = ffmpeg(['-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], null, `decoding ${path}`, expectedFrames * width * height * 3);
  if (out.length !== expectedFrames * width * height * 3) throw new RecordingError(`${path}: expected ${expectedFrames} frames of ${width}x${height}, decoded ${out.length / (width * height * 3)}`);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
