import { ResetError } from '../hardware-errors.js';
import type { RobotDriver } from '../robot-driver.js';
import type { EpisodeReset, ResetContext } from './episode-reset.js';

/** The simulated task's own reset distribution (robot, objects, goal from the episode seed): what `armkit eval` resets to. */
export interface TaskResetConfig {
  kind: 'task';
}

/** Resets a simulated robot's scene with the task's own initializeEpisode, so a sim:TASK robot starts every episode as the plain env does. */
export class TaskReset implements EpisodeReset {
  async reset(driver: RobotDriver, ctx: ResetContext): Promise<void> {
    if (!driver.resetScene || !driver.sim) throw new ResetError(`the task reset needs a simulated robot; ${driver.name} has none (use a "serl" or "human" reset)`);
    await driver.resetScene(ctx.seed);
  }
}
