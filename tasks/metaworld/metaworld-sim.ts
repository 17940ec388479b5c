import type { SimConfig } from '../../sim/sim-config.js';
import { HAND_BOX, HAND_TCP_OFFSET } from './metaworld-hand.js';

/**
 * Meta-World's simulation settings: MuJoCo at 2.5 ms acting every 5 steps (80 Hz), its table
 * reaching from the robot to y = 1.1, and the hand clamped to its box. The controller clamps
 * the TCP; the gripper points straight down throughout (pd_ee_delta_pos holds the orientation
 * the reset gave), so the hand box is the TCP's box raised by HAND_TCP_OFFSET: the TCP's is
 * [-0.5, 0.5] x [0.4, 1] x [0.005, 0.455], its floor 5 mm above the table as the Sawyer's pads'.
 */
export const METAWORLD_SIM: Partial<SimConfig> = {
  simHz: 400,
  controlHz: 80,
  workspace: {
    low: { ...HAND_BOX.low, z: HAND_BOX.low.z - HAND_TCP_OFFSET },
    high: { ...HAND_BOX.high, z: HAND_BOX.high.z - HAND_TCP_OFFSET },
  },
  table: { center: { x: 0, y: 0.65 }, halfExtents: { x: 0.75, y: 0.45 } },
};
