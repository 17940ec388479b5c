import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout the benchmarks run in (they run from dist/bench/). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The value after `--name` on the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

/** `armkit <args>` (a server) in a child process; resolves with the endpoint its first line names ("... on tcp://..."). */
export async function startArmkit(args: string[]): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'armkit.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(/ on (tcp:\/\/\S+)/.exec(d.toString())![1]!));
    child.once('exit', (code) => reject(new Error(`armkit ${args[0]} exited ${code}`)));
  });
  return { child, endpoint };
}

/** SIGTERM a child and wait for it to exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await gone;
}

/** Run a program to its end (in the checkout, `env` added to this process's); resolves with its stdout. */
export function output(file: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 1 << 24 }, (error, stdout, stderr) => (error ? reject(new Error(`${file} ${args.join(' ')}: ${stderr}`)) : resolve(stdout)));
  });
}
