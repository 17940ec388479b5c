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
    const entries = TASKS.ids().map((id) => {
      const e = TASKS.get(id);
      return { id, family: e.family, episodeSteps: e.create().maxEpisodeSteps, robot: e.robot, defaultControlMode: e.defaultControlMode, expert: SCRIPTED_EXPERTS.has(id), summary: e.summary };
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return 0;
    }
    const rows = entries.map((e) => [e.id, e.family, String(e.episodeSteps), e.robot, e.defaultControlMode, e.expert ? 'scripted' : '-', e.summary]);
    process.stdout.write(`${formatTable(['id', 'family', 'steps', 'robot', 'control mode', 'expert', 'summary'], rows)}\n`);
    return 0;
  },
};
