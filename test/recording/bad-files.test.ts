import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArmkitError } from '../../errors.js';
import { Rng } from '../../math/rng.js';
import { PickCubeExpert } from '../../policies/scripted/pick-cube-expert.js';
import { envArgsFor } from '../../recording/env-args.js';
import { Hdf5DemoReader } from '../../recording/hdf5-demo-reader.js';
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { demoLayoutOf } from '../../recording/replay-demo.js';
import { assetPath } from '../../robot/asset-path.js';
import { makeEnv } from '../../tasks/make-env.js';
import { recordEpisodes } from './record-episodes.js';

const dir = mkdtempSync(join(tmpdir(), 'armkit-bad-files-'));
const good = join(dir, 'good.hdf5');

// Each damaged copy of a good 3-demo file, made by h5py as a user's script would, and the one
// line the reader must give for it.
const DAMAGE: { name: string; python: string; message: RegExp }[] = [
  { name: 'no-env-args', python: 'del f["data"].attrs["env_args"]', message: /: data\.attrs\["env_args"\]: expected the JSON of the env that made the data, found none$/ },
  { name: 'env-args-fields', python: 'f["data"].attrs["env_args"] = \'{"env_name": 3, "env_kwargs": {"sim_freq": "fast"}}\'', message: /: env_args are not armkit's, so armkit cannot remake its env: data\.attrs\["env_args"\]\.env_name: expected a task id, found 3; .*\.env_kwargs\.sim_freq: expected a rate in Hz, found "fast"/ },
  { name: 'string-seed', python: 'f["data/demo_1"].attrs["seed"] = "7"', message: /: data\/demo_1\.attrs\["seed"\]: expected an integer >= -1, found a string \("7"\)$/ },
  { name: 'num-samples', python: 'f["data/demo_1"].attrs["num_samples"] = 500', message: /: data\/demo_1\/actions: expected 500 rows \(num_samples\), found \d+$/ },
  { name: 'few-rows', python: 'a = f["data/demo_2/actions"][()]; del f["data/demo_2/actions"]; f["data/demo_2/actions"] = a[:-3]', message: /: data\/demo_2\/actions: expected (\d+) rows \(num_samples\), found \d+$/ },
  { name: 'few-columns', python: 'a = f["data/demo_2/actions"][()]; del f["data/demo_2/actions"]; f["data/demo_2/actions"] = a[:, :-1]', message: /: data\/demo_2\/actions: expected 7 columns \(the action size of PickCube-v1 in pd_ee_delta_pose\), found 6$/ },
  { name: 'string-actions', python: 'a = f["data/demo_0/actions"][()]; del f["data/demo_0/actions"]; f["data/demo_0/actions"] = a.astype("S8")', message: /: data\/demo_0\/actions: expected floats, found strings$/ },
  { name: 'renamed-demo', python: 'f["data"].move("demo_1", "demo_one")', message: /: data\/demo_one: expected demo groups named demo_N only, found "demo_one"$/ },
  { name: 'deleted-demo', python: 'del f["data/demo_1"]', message: /: data\/demo_1: expected demos numbered from demo_0 without a gap, found none \(the next is demo_2\)$/ },
  { name: 'missing-obs-key', python: 'del f["data/demo_1/obs/goal_pos"]', message: /: data\/demo_1\/obs\/goal_pos: expected a dataset \(an observation key of PickCube-v1 in pd_ee_delta_pose: qpos, .*\), found none$/ },
  { name: 'mask-names-a-missing-demo', python: 'del f["mask/valid"]; f["mask/valid"] = [b"demo_9"]', message: /: mask\/valid: expected names of demos in data\/, found "demo_9", which data\/ does not hold$/ },
];

// Read every demo as replay does, against the env's action size and observation keys.
function readAll(file: string): void {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
  using reader = new Hdf5DemoReader(file);
  reader.armkitEnvArgs();
  for (const name of reader.demoNames) reader.demo(name, demoLayoutOf(env));
}

function assertRefused(file: string, message: RegExp): void {
  assert.throws(() => readAll(file), (e: Error) => {
    assert.ok(e instanceof ArmkitError, `${e.name}: ${e.message}`);
    assert.ok(e.message.startsWith(`${file}: `), `names the file: ${e.message}`);
    assert.doesNotMatch(e.message, /\n|HDF5-DIAG/, 'one line, no library diagnostics');
    assert.match(e.message, message);
    return true;
  });
}

test('the good file reads back whole, and each damaged copy is refused in one line naming the file, demo, dataset and field', async (t) => {
  {
    using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
    await using writer = Hdf5DemoWriter.create(good, envArgsFor(env.spec), { overwrite: true });
    await recordEpisodes(env, new PickCubeExpert(env.observationSpace), writer, { episodes: 3, seed: 7 });
  }
  readAll(good);
  const script = ['import h5py, shutil, sys', ...DAMAGE.flatMap((d) => [`shutil.copy(sys.argv[1], sys.argv[2] + "/${d.name}.hdf5")`, `with h5py.File(sys.argv[2] + "/${d.name}.hdf5", "a") as f:`, `    ${d.python}`])].join('\n');
  execFileSync('/usr/bin/python3', ['-c', script, good, dir]);
  for (const d of DAMAGE) await t.test(d.name, () => assertRefused(join(dir, `${d.name}.hdf5`), d.message));
});

test('empty, random and truncated files say so in one line, with no HDF5 diagnostics on the terminal', () => {
  const bytes = readFileSync(good);
  const empty = join(dir, 'empty.hdf5');
  const random = join(dir, 'random.hdf5');
  const truncated = join(dir, 'truncated.hdf5');
  writeFileSync(empty, '');
  const rng = new Rng(3);
  writeFileSync(random, Uint8Array.from({ length: 4096 }, () => rng.int(256)));
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  assertRefused(empty, /: not an HDF5 file \(no HDF5 signature\)$/);
  assertRefused(random, /: not an HDF5 file \(no HDF5 signature\)$/);
  assertRefused(truncated, new RegExp(`: not a readable HDF5 file: truncated \\(${Math.floor(bytes.length / 2)} of ${bytes.length} bytes\\)$`));
  // On the command line: the one error line and nothing the library printed.
  const cli = spawnSync(process.execPath, [assetPath('bin/armkit.js'), 'replay', truncated], { encoding: 'utf8', env: { ...process.env, ARMKIT_DEBUG: '' } });
  assert.equal(cli.status, 1);
  assert.equal(cli.stdout, '');
  assert.match(cli.stderr, /^armkit: RecordingError: .*truncated\.hdf5: not a readable HDF5 file: truncated \(\d+ of \d+ bytes\)\n$/);
});

test("a robomimic-written copy (no seed or success attributes, robosuite's env_args): dataset info says what it knows, replay refuses in one line", async () => {
  const robosuite = join(dir, 'robosuite.hdf5');
  const seedless = join(dir, 'seedless.hdf5');
  const envArgs = JSON.stringify({ env_name: 'Lift', type: 1, env_kwargs: { has_renderer: false, control_freq: 20, controller_configs: { type: 'OSC_POSE' }, robots: ['Panda'] } });
  const script = [
    'import h5py, shutil, sys',
    'for out in (sys.argv[2], sys.argv[3]):',
    '    shutil.copy(sys.argv[1], out)',
    '    with h5py.File(out, "a") as f:',
    '        for k in f["data"]:',
    '            del f["data"][k].attrs["seed"]',
    '            if out == sys.argv[2]: del f["data"][k].attrs["success"]',
    '        if out == sys.argv[2]: f["data"].attrs["env_args"] = sys.argv[4]',
  ].join('\n');
  execFileSync('/usr/bin/python3', ['-c', script, good, robosuite, seedless, envArgs]);
  const armkit = (...args: string[]) => spawnSync(process.execPath, [assetPath('bin/armkit.js'), ...args], { encoding: 'utf8', env: { ...process.env, ARMKIT_DEBUG: '' } });
  const info = armkit('dataset', 'info', robosuite);
  assert.equal(info.status, 0, info.stderr);
  assert.match(info.stdout, /success +unknown \(no demo has a success attribute\)/);
  assert.match(info.stdout, /env +Lift, robosuite env \(type 1\), env_kwargs: has_renderer=false, control_freq=20, controller_configs=\{\.\.\.\}, robots=\{\.\.\.\}/);
  assert.doesNotMatch(info.stdout, /undefined/);
  const json = JSON.parse(armkit('dataset', 'info', robosuite, '--json').stdout) as { success: { known: number }; episodes: number };
  assert.deepEqual([json.success.known, json.episodes], [0, 3]);
  const notArmkit = armkit('replay', robosuite);
  assert.equal(notArmkit.status, 1);
  assert.match(notArmkit.stderr, /^armkit: RecordingError: .*robosuite\.hdf5: env_args are not armkit's \(env_name "Lift"\), so armkit cannot remake its env: .*control_mode: expected a control mode, found nothing/);
  assert.equal(notArmkit.stderr.trim().split('\n').length, 1);
  const noSeed = armkit('replay', seedless);
  assert.equal(noSeed.status, 1);
  assert.match(noSeed.stderr, /^armkit: RecordingError: .*seedless\.hdf5: demo_0 has no seed attribute \(a file written by robomimic or another tool\?\): armkit re-simulates a demo from its reset seed and actions/);
  // Success is still read where the file has it.
  assert.match(armkit('dataset', 'info', seedless).stdout, /success +100\.0% /);
});
