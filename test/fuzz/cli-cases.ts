import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetPath } from '../../robot/asset-path.js';

/** What one CLI invocation did. */
export interface Outcome {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** One hostile or mistaken invocation, and what a good answer to it is. */
export interface FuzzCase {
  /** The class of finding it belongs to (one test per class). */
  readonly kind: string;
  readonly name: string;
  /** Arguments, given the case's own scratch folder. */
  args(dir: string): string[];
  /** Files the case needs, made in its folder first. */
  setup?(dir: string): void;
  /** True when the invocation is valid and must succeed quietly (no stderr). */
  readonly ok?: boolean;
  /** What stderr must say (one line), for an error case. */
  readonly says?: RegExp;
  /** A further check of the outcome: a reason when it lost or faked something. */
  verify?(o: Outcome, dir: string): string | null;
}

/** A case's verdict by the harness's rules. */
export type Verdict = { verdict: 'good' } | { verdict: 'poor' | 'bad'; why: string };

const STACK = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;
// A progress bar is what long work should show, not noise.
const PROGRESS = /\[[#. -]+\] \d+\/\d+/;
const DIAGNOSTICS = /HDF5-DIAG|#\d{3}: |onnxruntime|\[W:|\[E:|cuda unavailable/i;

/**
 * The rules: an error case is bad when it exits 0, crashes (signal, timeout, internal error,
 * stack) or its own check finds a loss; poor when its report is not one `armkit: ` line (a
 * counted list of problems may follow its first line), shows library diagnostics, or does not
 * say what the case expects. A valid case is bad when it fails, poor when it writes to stderr.
 */
export function judge(c: FuzzCase, o: Outcome, dir: string): Verdict {
  const extra = c.verify?.(o, dir) ?? null;
  if (o.signal) return { verdict: 'bad', why: `killed by ${o.signal} after ${o.ms.toFixed(0)} ms` };
  if (STACK.test(o.stderr)) return { verdict: 'bad', why: 'a stack trace on stderr' };
  if (/internal error/.test(o.stderr)) return { verdict: 'bad', why: `an internal error: ${firstLine(o.stderr)}` };
  if (extra) return { verdict: 'bad', why: extra };
  if (c.ok) {
    if (o.code !== 0) return { verdict: 'bad', why: `exit ${o.code}: ${firstLine(o.stderr)}` };
    const noise = o.stderr.split(/[\r\n]/).filter((l) => l.trim() !== '' && !PROGRESS.test(l));
    if (noise.length > 0) return { verdict: 'poor', why: `noise on stderr: ${noise[0]!.slice(0, 200)}` };
    return { verdict: 'good' };
  }
  if (o.code === 0) return { verdict: 'bad', why: `exit 0 for bad input (stdout: ${firstLine(o.stdout)})` };
  if (DIAGNOSTICS.test(o.stderr)) return { verdict: 'poor', why: `library diagnostics on stderr: ${firstLine(o.stderr)}` };
  const lines = o.stderr.split(/[\r\n]/).filter((l) => l.trim() !== '' && !PROGRESS.test(l));
  if (lines.length === 0) return { verdict: 'poor', why: `exit ${o.code} with nothing on stderr` };
  if (!lines[0]!.startsWith('armkit: ')) return { verdict: 'poor', why: `not an armkit report: ${lines[0]}` };
  if (lines.length > 1 && !/\d+ (problems|bad options|places):$/.test(lines[0]!)) return { verdict: 'poor', why: `${lines.length} lines on stderr` };
  if (c.says && !c.says.test(o.stderr)) return { verdict: 'poor', why: `does not say ${c.says}: ${firstLine(o.stderr)}` };
  return { verdict: 'good' };
}

function firstLine(s: string): string {
  return (s.split('\n').find((l) => l.trim() !== '') ?? '').slice(0, 200);
}

/** Run `armkit ARGS` in `dir` with a time limit. */
export function runArmkit(args: string[], timeoutMs = 60_000): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [assetPath('bin/armkit.js'), ...args], { timeout: timeoutMs, env: { ...process.env, ARMKIT_DEBUG: '', ARMKIT_VERBOSE: '' }, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const e = error as (Error & { code?: number | string; signal?: string }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr, ms: performance.now() - started });
    });
  });
}

const PY = '/usr/bin/python3';
const MODELS = assetPath('test/fixtures/models');
const CONFIG = assetPath('hardware/examples/twin-pickcube.json');

/** The example robot config with `edit` applied, written into `dir`. */
function robotConfig(dir: string, edit: (c: Record<string, unknown>) => void, name = 'robot.json'): string {
  const c = JSON.parse(readFileSync(CONFIG, 'utf8')) as Record<string, unknown>;
  delete c['$schema'];
  edit(c);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(c));
  return file;
}

let sharedDemos: string | null = null;

/** A small valid demo file (two PickCube expert episodes), made once with armkit collect. */
function demos(_dir: string): string {
  sharedDemos ??= join(mkdtempSync(join(tmpdir(), 'armkit-fuzz-demos-')), 'demos.hdf5');
  const file = sharedDemos;
  if (!existsSync(file)) execFileSync(process.execPath, [assetPath('bin/armkit.js'), 'collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '2', '--quiet', '--out', file]);
  return file;
}

/** A copy of the demo file edited by a few lines of h5py (`f` is the open file). */
function editedDemos(dir: string, python: string): string {
  const src = demos(dir);
  const file = join(dir, 'edited.hdf5');
  execFileSync(PY, ['-c', `import shutil, h5py, numpy as np\nshutil.copy(${JSON.stringify(src)}, ${JSON.stringify(file)})\nf = h5py.File(${JSON.stringify(file)}, 'r+')\n${python}\nf.close()`]);
  return file;
}

const eval_ = (...rest: string[]) => ['eval', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '1', '--quiet', ...rest];
const deploy = (config: string, ...rest: string[]) => ['deploy', '--robot', config, '--policy', 'scripted', '--episodes', '1', '--no-keys', ...rest];
const notWritten = (path: (dir: string) => string) => (o: Outcome, dir: string): string | null =>
  o.code === 0 && !existsSync(path(dir)) ? `reported success, but ${path(dir)} does not exist` : null;

/** Every class of finding of issue 11 that a command line can reach, and more. */
export const CASES: FuzzCase[] = [
  // Outputs that cannot be written: refused before any episode runs, never reported as written.
  { kind: 'unwritable output', name: 'collect --out into a missing folder', args: (d) => ['collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '2', '--quiet', '--out', join(d, 'missing', 'x.hdf5')], says: /cannot write .*missing.*x\.hdf5/, verify: notWritten((d) => join(d, 'missing', 'x.hdf5')) },
  { kind: 'unwritable output', name: 'collect --out under /proc', args: () => ['collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '2', '--quiet', '--out', '/proc/armkit.hdf5'], says: /cannot write \/proc\/armkit\.hdf5/ },
  { kind: 'unwritable output', name: 'collect --out a folder with --overwrite', setup: (d) => mkdirSync(join(d, 'folder.hdf5'), { recursive: true }), args: (d) => ['collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '2', '--quiet', '--overwrite', '--out', join(d, 'folder.hdf5')], says: /is a directory/ },
  { kind: 'unwritable output', name: 'eval --json into a missing folder', args: (d) => eval_('--json', join(d, 'missing', 'r.json')), says: /cannot write .*r\.json/ },
  { kind: 'unwritable output', name: 'eval --plot under /proc', args: () => eval_('--plot', '/proc/armkit.svg'), says: /cannot write \/proc\/armkit\.svg/ },
  { kind: 'unwritable output', name: 'view --screenshot to a folder', args: (d) => ['view', demos(d), '--screenshot', d], says: /is a directory/ },
  { kind: 'unwritable output', name: 'deploy --record into a missing folder', args: (d) => deploy('sim:PickCube-v1', '--record', join(d, 'missing', 'r.hdf5')), says: /cannot write .*r\.hdf5/ },
  // Files given as inputs that are not what they should be.
  { kind: 'bad policy file', name: 'a folder as --policy', setup: (d) => mkdirSync(join(d, 'model.onnx'), { recursive: true }), args: (d) => ['eval', '--task', 'PickCube-v1', '--policy', join(d, 'model.onnx')], says: /is a directory/ },
  { kind: 'bad policy file', name: 'a missing --rerank file', args: () => ['eval', '--task', 'PickCube-v1', '--policy', join(MODELS, 'bc-gaussian.onnx'), '--rerank', '/nonexistent/q.onnx', '--episodes', '1'], says: /cannot read \/nonexistent\/q\.onnx/ },
  { kind: 'bad policy file', name: 'a missing deploy --policy file', args: () => ['deploy', '--robot', 'sim:PickCube-v1', '--policy', '/nonexistent/m.onnx', '--no-keys'], says: /\/nonexistent\/m\.onnx/ },
  { kind: 'bad policy file', name: 'random bytes as a model', setup: (d) => writeFileSync(join(d, 'junk.onnx'), Buffer.alloc(4096, 7)), args: (d) => ['eval', '--task', 'PickCube-v1', '--policy', join(d, 'junk.onnx')], says: /junk\.onnx/ },
  { kind: 'bad policy file', name: 'a truncated model', setup: (d) => writeFileSync(join(d, 'cut.onnx'), readFileSync(join(MODELS, 'bc-mlp.onnx')).subarray(0, 3000)), args: (d) => ['eval', '--task', 'PickCube-v1', '--policy', join(d, 'cut.onnx')], says: /cut\.onnx/ },
  // Valid runs that used to fail or make noise.
  { kind: 'valid runs are quiet', name: 'the committed BC fixture under eval', ok: true, args: () => ['eval', '--task', 'PickCube-v1', '--policy', join(MODELS, 'bc-mlp.onnx'), '--episodes', '2', '--quiet'] },
  { kind: 'valid runs are quiet', name: 'the committed diffusion fixture under eval', ok: true, args: () => ['eval', '--task', 'PickCube-v1', '--policy', join(MODELS, 'diffusion-unet-small.onnx'), '--episodes', '1', '--envs', '1', '--quiet'] },
  { kind: 'valid runs are quiet', name: 'deploy --policy scripted on the simulated arm', ok: true, args: () => ['deploy', '--robot', 'sim:PickCube-v1', '--policy', 'scripted', '--episodes', '1', '--no-keys'] },
  { kind: 'valid runs are quiet', name: 'deploy --robot sim:TASK with a model acts in its control mode', ok: true, args: () => ['deploy', '--robot', 'sim:PickCube-v1', '--policy', join(MODELS, 'bc-mlp.onnx'), '--episodes', '1', '--no-keys'], verify: (o) => (o.code === 0 && !/1 episodes|episodes succeeded/.test(o.stdout) ? `no summary: ${o.stdout.slice(0, 120)}` : null) },
  { kind: 'valid runs are quiet', name: 'armkit help eval', ok: true, args: () => ['help', 'eval'], verify: (o) => (/usage: armkit eval/.test(o.stdout) ? null : 'does not print eval\'s usage') },
  // Options: required ones, ranges, and ones the choice does not use.
  { kind: 'options', name: 'eval without --policy', args: () => ['eval', '--task', 'PickCube-v1'], says: /--policy: expected/ },
  { kind: 'options', name: 'eval without --task or --robot', args: () => ['eval', '--policy', 'scripted'], says: /--task ID or --robot/ },
  { kind: 'options', name: 'collect without --task', args: (d) => ['collect', '--policy', 'scripted', '--out', join(d, 'x.hdf5')], says: /--task: expected a task id/ },
  { kind: 'options', name: '--seed -1', args: () => eval_('--seed', '-1'), says: /--seed: expected an integer in \[0, 4294967295\], got "-1"/ },
  { kind: 'options', name: '--episodes -5', args: () => ['eval', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '-5'], says: /--episodes: expected an integer in \[1, \d+\], got "-5"/ },
  { kind: 'options', name: '--seed 2^53-1', args: () => eval_('--seed', String(2 ** 53 - 1), '--workers', '2', '--envs', '2'), says: /--seed: expected an integer in \[0, 4294967295\]/ },
  { kind: 'options', name: '--temperature 1e400', args: () => ['eval', '--task', 'PickCube-v1', '--policy', join(MODELS, 'bc-gaussian.onnx'), '--rerank', join(MODELS, 'q-mlp.onnx'), '--temperature', '1e400'], says: /--temperature: expected a finite number/ },
  { kind: 'options', name: '--temperature with scripted', args: () => eval_('--temperature', '0.5'), says: /--temperature applies only to \.onnx model policies/ },
  { kind: 'options', name: '--candidates without --rerank', args: () => ['eval', '--task', 'PickCube-v1', '--policy', join(MODELS, 'bc-gaussian.onnx'), '--candidates', '4'], says: /--candidates applies only with --rerank/ },
  { kind: 'options', name: '--rerank with scripted', args: () => eval_('--rerank', join(MODELS, 'q-mlp.onnx')), says: /--rerank applies only to \.onnx model policies/ },
  { kind: 'options', name: 'view --frame past the end', args: (d) => ['view', demos(d), '--screenshot', join(d, 'x.png'), '--frame', '9999'], says: /--frame: expected "last" or a step in \[0, \d+\], got "9999"/ },
  { kind: 'options', name: 'an unknown option', args: () => eval_('--episdoes', '3'), says: /Unknown option '--episdoes'/ },
  { kind: 'options', name: 'an unknown command', args: () => ['evaluate'], says: /unknown command "evaluate"/ },
  // Robot configs.
  { kind: 'robot config values', name: 'controlHz 1e999', args: (d) => {
    const file = robotConfig(d, (c) => (c['controlHz'] = 12345));
    writeFileSync(file, readFileSync(file, 'utf8').replace('12345', '1e999'));
    return deploy(file);
  }, says: /controlHz: expected .*found Infinity/ },
  { kind: 'robot config values', name: 'maxStateAgeMs null', args: (d) => deploy(robotConfig(d, (c) => ((c['safety'] as Record<string, unknown>)['maxStateAgeMs'] = null))), says: /safety\.maxStateAgeMs: expected a number/ },
  { kind: 'robot config values', name: 'an interface by another name', args: (d) => deploy(robotConfig(d, (c) => ((c['command'] as Record<string, unknown>)['interface'] = 'pose_stamped'))), says: /command\.interface: expected one of .*equilibrium_pose/ },
  { kind: 'robot config values', name: 'a rest pose of the wrong length', args: (d) => deploy(robotConfig(d, (c) => (c['reset'] = { kind: 'serl', restQ: [0, 0, 0] }))), says: /reset\.restQ: expected 7 joint positions/ },
  { kind: 'robot config values', name: 'a rest pose of 1e300', args: (d) => deploy(robotConfig(d, (c) => (c['reset'] = { kind: 'serl', restQ: [1e300, 0, 0, -2, 0, 2, 0.8] }))), says: /reset\.restQ: expected 7 joint positions within the URDF limits/ },
  { kind: 'robot config values', name: 'an offset of 1e300 m', args: (d) => deploy(robotConfig(d, (c) => (c['reset'] = { kind: 'serl', offsetXyz: 1e300 }))), says: /reset\.offsetXyz: expected a number in \[0, 0\.2\] m/ },
  { kind: 'robot config values', name: 'a config nested 100k deep', setup: (d) => writeFileSync(join(d, 'deep.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`), args: (d) => deploy(join(d, 'deep.json')), says: /nested at most 64 levels deep/ },
  { kind: 'robot config values', name: 'a config that is not JSON', setup: (d) => writeFileSync(join(d, 'bad.json'), '{"driver": "ros",'), args: (d) => deploy(join(d, 'bad.json')), says: /a readable JSON file/ },
  // Teleop devices that are not there.
  { kind: 'devices', name: 'teleop --device spacemouse with none attached', args: (d) => ['teleop', '--task', 'PickCube-v1', '--device', 'spacemouse', '--out', join(d, 't.hdf5')], says: /expected a 3Dconnexion SpaceMouse/, verify: (_o, d) => (existsSync(join(d, 't.hdf5')) ? 'wrote a file with no device' : null) },
  { kind: 'devices', name: 'teleop --device gamepad (not a terminal device)', args: (d) => ['teleop', '--task', 'PickCube-v1', '--device', 'gamepad', '--out', join(d, 't.hdf5')], says: /--device: expected one of/ },
  { kind: 'devices', name: 'teleop --deadzone 1', args: (d) => ['teleop', '--task', 'PickCube-v1', '--device', 'spacemouse', '--deadzone', '1', '--out', join(d, 't.hdf5')], says: /--deadzone: expected a finite number in \[0, 0\.9\]/ },
  // Servers.
  { kind: 'servers', name: 'twin on a host that does not exist', args: () => ['twin', '--host', 'no-such-host.invalid', '--port', '0'], says: /no-such-host\.invalid/ },
  { kind: 'servers', name: 'view on an address not of this machine', args: (d) => ['view', demos(d), '--host', '203.0.113.7', '--port', '0'], says: /203\.0\.113\.7/ },
  { kind: 'servers', name: 'twin on a port out of range', args: () => ['twin', '--port', '70000'], says: /--port: expected an integer in \[0, 65535\]/ },
  // Demo files.
  { kind: 'bad demo file', name: 'an empty file', setup: (d) => writeFileSync(join(d, 'empty.hdf5'), ''), args: (d) => ['dataset', 'info', join(d, 'empty.hdf5')], says: /not an HDF5 file|empty/ },
  { kind: 'bad demo file', name: 'random bytes', setup: (d) => writeFileSync(join(d, 'random.hdf5'), Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) & 255))), args: (d) => ['replay', join(d, 'random.hdf5')], says: /not an HDF5 file/ },
  { kind: 'bad demo file', name: 'a truncated file', args: (d) => {
    const cut = join(d, 'cut.hdf5');
    writeFileSync(cut, readFileSync(demos(d)).subarray(0, 6000));
    return ['view', cut, '--screenshot', join(d, 'x.png')];
  }, says: /truncated|not an HDF5 file/ },
  { kind: 'bad demo file', name: 'no env_args', args: (d) => ['replay', editedDemos(d, "del f['data'].attrs['env_args']")], says: /env_args/ },
  { kind: 'bad demo file', name: 'a seed stored as a string', args: (d) => ['replay', editedDemos(d, "f['data/demo_0'].attrs['seed'] = 'seven'")], says: /demo_0.*seed/ },
  { kind: 'bad demo file', name: 'no seed', args: (d) => ['replay', editedDemos(d, "del f['data/demo_0'].attrs['seed']")], says: /demo_0.*seed/ },
  { kind: 'bad demo file', name: 'num_samples beyond the data', args: (d) => ['replay', editedDemos(d, "f['data/demo_1'].attrs['num_samples'] = 10000")], says: /demo_1.*num_samples/ },
  { kind: 'bad demo file', name: 'actions with too few columns', args: (d) => ['replay', editedDemos(d, "a = f['data/demo_0/actions'][:, :3]\ndel f['data/demo_0/actions']\nf['data/demo_0'].create_dataset('actions', data=a)")], says: /demo_0.*actions/ },
  { kind: 'bad demo file', name: 'actions stored as strings', args: (d) => ['replay', editedDemos(d, "n = f['data/demo_0/actions'].shape[0]\ndel f['data/demo_0/actions']\nf['data/demo_0'].create_dataset('actions', data=np.array([b'x'] * n))")], says: /demo_0.*actions/ },
  { kind: 'bad demo file', name: 'a renamed demo', args: (d) => ['replay', editedDemos(d, "f['data'].move('demo_1', 'episode_1')")], says: /episode_1|demo_1/ },
  { kind: 'bad demo file', name: 'a demo without an obs key', args: (d) => ['dataset', 'info', editedDemos(d, "del f['data/demo_1/obs/qpos']")], says: /demo_1.*qpos/ },
];
