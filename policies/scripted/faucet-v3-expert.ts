import type { BarTurn } from './bar-turn-expert.js';

// The faucet as its experts need it (faucet-object.ts): the goal sits 0.175 m along x from the
// hinge, the observed site 0.175 m out along the lever, 0.015 m to one side; the lever is 0.017 m
// half wide at 0.125 m. The shut fingers (1 cm below the TCP to 3.5 cm above) meet it with the
// TCP at its height, and the palm (4.3 cm up) clears the faucet's 0.145 m. Stop past 1.47 rad
// (success: 1.374 open, 1.26 shut; the stops at 1.57).
const FAUCET = { pushAt: 0.15, height: 0.125, halfWidth: 0.017, turned: 1.47 };

/** faucet-open-v3's lever: turned the positive way, toward +x. */
export const FAUCET_OPEN: BarTurn = { ...FAUCET, side: 1, axisFromGoal: { x: -0.175, y: 0 }, point: { x: -0.015, y: -0.175 } };
/** faucet-close-v3's lever: turned the negative way, toward -x. */
export const FAUCET_CLOSE: BarTurn = { ...FAUCET, side: -1, axisFromGoal: { x: 0.175, y: 0 }, point: { x: 0.015, y: -0.175 } };
/** How far the faucet experts lead the lever, rad. */
export const FAUCET_LEAD = 0.25;
