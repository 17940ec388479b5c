import { inspect } from 'node:util';
import { ArmkitError, RegistryError } from '../errors.js';
import { Registry } from '../registry.js';
import type { Command } from './command.js';
import { collectCommand } from './commands/collect-command.js';
import { datasetCommand } from './commands/dataset-command.js';
import { deployCommand } from './commands/deploy-command.js';
import { evalCommand } from './commands/eval-command.js';
import { replayCommand } from './commands/replay-command.js';
import { viewCommand } from './commands/view-command.js';
import { tasksCommand } from './commands/tasks-command.js';
import { teleopCommand } from './commands/teleop-command.js';
import { twinCommand } from './commands/twin-command.js';
import { serveCommand } from './commands/serve-command.js';
import { keysCommand } from './commands/keys-command.js';
import { serveEnvCommand } from './commands/serve-env-command.js';
import { UsageError } from './usage-error.js';

const COMMANDS = new Registry<Command>('command', [evalCommand, tasksCommand, collectCommand, replayCommand, viewCommand, datasetCommand, teleopCommand, deployCommand, twinCommand, serveCommand, serveEnvCommand, keysCommand].map((c) => [c.name, c] as const));

function help(): string {
  const lines = COMMANDS.ids().map((id) => `  ${id.padEnd(8)} ${COMMANDS.get(id).summary}`);
  return `armkit: a runtime for robot manipulation policies\n\nusage: armkit <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nrun "armkit <command> --help" for a command's options; add --debug (or set ARMKIT_DEBUG=1) to see an error's stack,\n--verbose (or ARMKIT_VERBOSE=1) for notes such as the execution provider a model runs on\n`;
}

/**
 * Run the armkit command line; resolves to the process exit code. `--debug` anywhere before a
 * `--` (it is taken out before the command reads its options), or ARMKIT_DEBUG=1, adds the stack
 * to an error report.
 */
export async function main(argv: string[]): Promise<number> {
  const { args, debug, verbose } = splitGlobalFlags(argv);
  if (verbose) process.env['ARMKIT_VERBOSE'] = '1';
  const [name, ...rest] = args;
  if (name === undefined || ((name === '--help' || name === '-h' || name === 'help') && rest.length === 0)) {
    process.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  try {
    const command = COMMANDS.get(name === 'help' ? rest[0]! : name);
    if (name === 'help' || rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${command.summary}\n\nusage: ${command.usage}\n`);
      return 0;
    }
    return await command.run(rest);
  } catch (e) {
    return reportError(e, debug);
  }
}

/**
 * main() for the `armkit` executable: an error that escapes a command later, from a timer or a
 * socket callback, is reported the same way and ends the process.
 */
export async function runCli(argv: string[]): Promise<number> {
  const { debug } = splitGlobalFlags(argv);
  const fatal = (e: unknown) => process.exit(reportError(e, debug));
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  return main(argv);
}

/**
 * `argv` without the global flags (before any `--`): `--debug` (or ARMKIT_DEBUG=1) asks for
 * stacks, `--verbose` (or ARMKIT_VERBOSE=1) for notes such as the execution provider chosen.
 */
export function splitGlobalFlags(argv: readonly string[]): { args: string[]; debug: boolean; verbose: boolean } {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  const args = [...head.filter((a) => a !== '--debug' && a !== '--verbose'), ...(end < 0 ? [] : argv.slice(end))];
  return { args, debug: head.includes('--debug') || process.env['ARMKIT_DEBUG'] === '1', verbose: head.includes('--verbose') || process.env['ARMKIT_VERBOSE'] === '1' };
}

/**
 * Write a failed command's error to stderr; returns the exit code. An ArmkitError is the user's
 * to fix: its message alone (exit 2 for a bad command line or an unknown id, 1 otherwise).
 * Anything else is armkit's bug or a library's failure: one `internal error` line, exit 1. With
 * `debug`, the stack and causes follow either.
 */
export function reportError(e: unknown, debug: boolean): number {
  let line: string;
  let code = 1;
  if (e instanceof UsageError || e instanceof RegistryError) {
    // "armkit eval: --seed: ..." reads "armkit: eval: --seed: ...", not "armkit: armkit eval: ...".
    line = `armkit: ${e.message.replace(/^armkit /, '')}`;
    code = 2;
  } else if (e instanceof ArmkitError) {
    line = `armkit: ${e.name}: ${e.message}`;
  } else {
    const [name, message] = e instanceof Error ? [e.name, e.message] : [typeof e, String(e)];
    const first = message.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
    line = `armkit: internal error: ${name}: ${first}${debug ? '' : ' (run with --debug for the stack)'}`;
  }
  process.stderr.write(`${line}\n${debug ? `${inspect(e)}\n` : ''}`);
  return code;
}
