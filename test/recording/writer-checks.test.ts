import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ResourceError } from '../../errors.js';
import { envArgsFor } from '../../recording/env-args.js';
import type { EpisodeSink } from '../../recording/episode-sink.js';
import { Hdf5DemoReader } from '../../recording/hdf5-demo-reader.js';
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { RecordingError } from '../../recording/recording-error.js';
import { makeEnv } from '../../tasks/make-env.js';

const dir = mkdtempSync(join(tmpdir(), 'armkit-writer-'));
const env = makeEnv('PickCube-v1');
const envArgs = envArgsFor(env.spec);
env.close();

async function episode(writer: EpisodeSink, seed: number): Promise<number> {
  writer.beginEpisode({ seed });
  const obs = { qpos: new Float32Array(9) };
  for (let t = 0; t < 3; t++) writer.addStep({ obs, nextObs: obs, action: new Float32Array(8), reward: t, done: t === 2, state: new Float64Array(4) });
  return writer.endEpisode({ success: true });
}

test('a second writer on a locked file is refused and the first keeps every episode; a dead writer\'s lock is taken over', async () => {
  const file = join(dir, 'locked.hdf5');
  const first = Hdf5DemoWriter.create(file, envArgs);
  await episode(first, 1);
  assert.equal(readFileSync(`${file}.lock`, 'utf8').trim(), String(process.pid));
  assert.throws(() => Hdf5DemoWriter.create(file, envArgs, { overwrite: true }), (e: Error) => e instanceof RecordingError && new RegExp(`locked\\.hdf5 is being written by another writer \\(pid ${process.pid} holds .*locked\\.hdf5\\.lock\\)`).test(e.message));
  await episode(first, 2);
  await first.close();
  assert.ok(!existsSync(`${file}.lock`), 'close releases the lock');
  {
    using reader = new Hdf5DemoReader(file);
    assert.deepEqual(reader.demoNames.map((n) => reader.demo(n).seed), [1, 2]);
  }
  // A lock left by a process that no longer runs (a recorder killed with -9).
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(`${file}.lock`, `${dead}\n`);
  const next = Hdf5DemoWriter.create(file, envArgs, { overwrite: true });
  assert.equal(readFileSync(`${file}.lock`, 'utf8').trim(), String(process.pid));
  await next.close();
});

test('of writers that find the same dead writer\'s lock at the same moment, exactly one takes it over', async () => {
  const file = join(dir, 'raced.hdf5');
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  const child = fileURLToPath(new URL('./lock-race-child.js', import.meta.url));
  for (let round = 0; round < 8; round++) {
    writeFileSync(`${file}.lock`, `${dead}\n`);
    const startAt = Date.now() + 400;
    const children = Array.from({ length: 4 }, () => spawn(process.execPath, [child, file, String(startAt)], { stdio: ['pipe', 'pipe', 'inherit'] }));
    // Listened for at once: a refused contender exits right after answering.
    const exited = children.map((c) => new Promise((resolve) => c.once('close', resolve)));
    // Each answers as soon as it has tried; the winner holds the lock until all have answered.
    const outcomes = await Promise.all(children.map((c) => new Promise<string>((resolve) => c.stdout.once('data', (d: Buffer) => resolve(String(d))).once('end', () => resolve('no answer')))));
    for (const c of children) c.stdin.end();
    await Promise.all(exited);
    assert.deepEqual(outcomes.sort(), ['got', 'refused', 'refused', 'refused'], `round ${round}`);
    assert.ok(!existsSync(`${file}.lock`) && !existsSync(`${file}.lock.break`), `round ${round}: released`);
  }
});

test('a file that cannot be created is refused at create, naming the reason, and leaves no lock', () => {
  const folder = join(dir, 'a-folder');
  mkdirSync(folder);
  const full = join(dir, 'full.hdf5');
  symlinkSync('/dev/full', full);
  for (const [path, reason] of [[folder, 'is a directory'], [full, 'no space left on device'], ['/proc/armkit.hdf5', 'no such file or directory']] as const) {
    assert.throws(() => Hdf5DemoWriter.create(path, envArgs, { overwrite: true }), (e: Error) => e instanceof ResourceError && e.message.startsWith(`cannot write ${path}`) && e.message.endsWith(reason) && !e.message.includes('\n'));
    assert.ok(!existsSync(`${path}.lock`), `${path}: lock released`);
  }
});

test('a write that fails mid-run (the file deleted under the writer) is an error naming the demo; committed episodes stay, close adds nothing', async () => {
  const file = join(dir, 'deleted.hdf5');
  const writer = Hdf5DemoWriter.create(file, envArgs);
  assert.equal(await episode(writer, 1), 0);
  rmSync(file);
  await assert.rejects(episode(writer, 2), (e: Error) => e instanceof ResourceError && /deleted\.hdf5 \(writing demo_1\): no such file or directory$/.test(e.message));
  assert.throws(() => writer.beginEpisode({ seed: 3 }), /stopped after a failed write/);
  await writer.close();
  assert.ok(!existsSync(file), 'close does not make a new file of masks only');
  assert.ok(!existsSync(`${file}.lock`));
});
