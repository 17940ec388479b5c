import type { RobotDriver } from '../robot-driver.js';

/** Which reset this is. */
export interface ResetContext {
  /** Episode index, from 0. */
  episode: number;
  /** 0 for the episode's first try; >0 for a retry after a failure (the scene stays as it is). */
  attempt: number;
  /** Seed of the episode (scene reset, random offsets). */
  seed: number;
  /** Pace moves at the driver's control rate (real arms, the twin); false steps a sim as fast as it goes. */
  realTime: boolean;
}

/** Puts the robot (and, where it can, the scene) back for a new episode or a retry. */
export interface EpisodeReset {
  /** @throws ResetError when the arm did not get there in time. */
  reset(driver: RobotDriver, context: ResetContext): Promise<void>;
}
