import { spawn, spawnSync } from 'node:child_process';
import { assetPath } from '../robot/asset-path.js';

/** How a recorder is ended: kill -9, or a signal it handles (Ctrl-C, a service manager's stop). */
export type KillKind = 'SIGKILL' | 'SIGINT' | 'SIGTERM';

/** One `armkit collect` ended by a kill, and its file as h5py reads it. */
export interface KillOutcome {
  kind: KillKind;
  /** The kill landed before the run ended by itself (else the run is no test of it). */
  killed: boolean;
  /** Episodes the recorder reported finished before it died: its progress lines (every other episode), or its summary. */
  finished: number;
  /** Demos in the file, read by h5py; -1 when h5py cannot open it. */
  found: number;
  /** Finished episodes missing from the file. */
  lost: number;
  /** Exit status, or null when the process died of the signal. */
  code: number | null;
  masks: boolean;
  /** The recorder's last stdout line (its summary). */
  summary: string;
}

const EPISODES = 20;

// An independent reader: h5py, as the trainers downstream read these files.
const READ = `
import h5py, json, sys
try:
    with h5py.File(sys.argv[1], "r") as f:
        demos = [k for k in f["data"].keys() if k.startswith("demo_")]
        for k in demos:
            f["data"][k]["actions"][()]
        print(json.dumps({"found": len(demos), "masks": "mask/train" in f and "mask/valid" in f}))
except Exception:
    print(json.dumps({"found": -1, "masks": False}))
`;

/**
 * Run `armkit collect` of PickCube-v1's expert into `file` (overwriting it, so a lock left by
 * an earlier kill -9 is taken over) and send `kind` `delayMs` after its first progress line
 * (printed every 10% of `episodes`: every other episode of the default 20).
 */
export async function killCollect(file: string, kind: KillKind, delayMs: number, seed = 0, episodes = EPISODES): Promise<KillOutcome> {
  const args = [assetPath('bin/armkit.js'), 'collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', String(episodes), '--seed', String(seed), '--out', file, '--overwrite'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let finished = 0;
  let stdout = '';
  let timer: NodeJS.Timeout | undefined;
  let killed = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    for (const m of chunk.toString().matchAll(new RegExp(` (\\d+)/${episodes} `, 'g'))) finished = Math.max(finished, Number(m[1]));
    if (finished > 0 && !timer) {
      timer = setTimeout(() => {
        killed = child.exitCode === null && child.signalCode === null;
        if (killed) child.kill(kind);
      }, delayMs);
    }
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('exit', (c) => resolve(c));
    child.on('error', reject);
  });
  clearTimeout(timer);
  finished = Math.max(finished, Number(/wrote (\d+) demos/.exec(stdout)?.[1] ?? 0));
  const r = spawnSync('/usr/bin/python3', ['-c', READ, file], { encoding: 'utf8' });
  const { found, masks } = JSON.parse(r.stdout || '{"found": -1, "masks": false}') as { found: number; masks: boolean };
  // A kill that lands after the last episode was written and the summary printed interrupts only the
  // exit (the status is then 0 or the signal's default): nothing was left to lose, so it is not counted.
  const late = finished === episodes && found === episodes && /wrote \d+ demos/.test(stdout);
  return { kind, killed: killed && !late, finished, found, lost: Math.max(0, finished - Math.max(found, 0)), code, masks, summary: stdout.trim().split('\n').at(-1) ?? '' };
}
