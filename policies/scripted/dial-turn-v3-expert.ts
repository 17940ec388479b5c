import type { BarTurn } from './bar-turn-expert.js';

/**
 * dial-turn-v3's knob as its expert needs it (dial-object.ts): the goal sits at the axis + (0,
 * 0.03, 0.03), the observed point 0.05 m out along the knob's -y; its bar is 0.015 m half wide
 * and reaches up to 0.066 m. The shut fingers push its end 0.035 m out with the TCP at 0.05 m,
 * clear of the disc (0.036 m), the palm (4.3 cm up) over the bar; the negative way, as Meta-World's
 * policy pushes toward -x; stop past 1.6 rad (success from 1.369 either way).
 */
export const DIAL_TURN: BarTurn = { side: -1, axisFromGoal: { x: 0, y: -0.03 }, point: { x: 0, y: -0.05 }, pushAt: 0.035, height: 0.05, halfWidth: 0.015, turned: 1.6 };
/** How far the dial expert leads the knob, rad. */
export const DIAL_LEAD = 0.3;
