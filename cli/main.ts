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
import { UsageError } from './usage-error.js';

const COMMANDS = new Registry<Command>('command', [evalCommand, tasksCommand, collectCommand, replayCommand, viewCommand, datasetCommand, teleopCommand, deployCommand, twinCommand].map((c) => [c.name, c] as const));

function help(): string {
  const lines = COMMANDS.ids().map((id) => `  ${id.padEnd(8)} ${COMMANDS.get(id).summary}`);
  return `armkit: a runtime for robot manipulation policies\n\nusage: armkit <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nrun "armkit <command> --help" for a command's options\n`;
}

/** Run the armkit command line; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  try {
    const command = COMMANDS.get(name);
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${command.summary}\n\nusage: ${command.usage}\n`);
      return 0;
    }
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError || e instanceof RegistryError) {
      process.stderr.write(`armkit: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ArmkitError) {
      process.stderr.write(`armkit: ${e.name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
