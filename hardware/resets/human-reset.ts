import { nextKey, type KeySource } from '../input/key-source.js';
import type { RobotDriver } from '../robot-driver.js';
import type { EpisodeReset, ResetContext } from './episode-reset.js';

/** SERL's human reset: the operator puts the scene back and presses a key. */
export interface HumanResetConfig {
  kind: 'human';
  /** Default "r". */
  key?: string;
}

/** Runs an arm reset (optional), then waits for the operator's key. */
export class HumanReset implements EpisodeReset {
  constructor(private readonly keys: KeySource, readonly config: HumanResetConfig, private readonly arm: EpisodeReset | null, private readonly say: (line: string) => void) {}

  async reset(driver: RobotDriver, ctx: ResetContext): Promise<void> {
    await this.arm?.reset(driver, ctx);
    const key = this.config.key ?? 'r';
    this.say(`episode ${ctx.episode} attempt ${ctx.attempt}: reset the scene, then press "${key}"`);
    await nextKey(this.keys, [key]);
  }
}
