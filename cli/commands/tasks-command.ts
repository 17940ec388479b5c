import { SCRIPTED_EXPERTS } from '../../policies/scripted/scripted-experts.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { formatTable } from '../format-table.js';
import { flag, readOptions } from '../options.js';
import type { Command } from '../command.js';

/** `armkit tasks`: the registered task ids. */
export const tasksCommand: Command = {
  name: 'tasks',
  summary: 'list the registered task ids',
  usage: 'armkit tasks [--json]',
  async run(argv) {
    const { values } = readOptions('tasks', argv, { json: flag() });
    const entries = TASKS.ids().map((id) => TASKS.get(id));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(entries.map((e) => ({ id: e.id, robot: e.robot, defaultControlMode: e.defaultControlMode, expert: SCRIPTED_EXPERTS.has(e.id), summary: e.summary })), null, 2)}\n`);
      return 0;
    }
    const rows = entries.map((e) => [e.id, e.robot, e.defaultControlMode, SCRIPTED_EXPERTS.has(e.id) ? 'scripted' : '-', e.summary]);
    process.stdout.write(`${formatTable(['id', 'robot', 'control mode', 'expert', 'summary'], rows)}\n`);
    return 0;
  },
};
