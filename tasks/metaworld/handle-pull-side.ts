/**
 * handle-pull-side-v3 (Meta-World): pull a pressed-down handle up, the handle press turned sideways.
 *
 * As handle-pull-v3 (handle-pull.ts), with the XML's box turned 1.57 rad about z
 * (sawyer_handle_press_sideways.xml: the lever points along +x), the box's position uniform in
 * [-0.35, -0.25] x [0.65, 0.75] x {0} and the goal clipped to the hand box; the observed point
 * is the handleCenter site (the lever's middle). Success: that site within 0.08 m of the goal
 * (3-d; the handle up to 0.0435 m from the top). Reward: as handle-pull-v3's with the 3-d gap
 * (in place's margin the site's distance to the goal at reset), the caging's object radius 0.032
 * and pads within 0.06, the object start the site at reset, and the bonus's third condition the
 * site risen 0.01 m above its start. Its 10 (within 0.05 m) lies past the XML's top stop, where
 * the site is 0.051 m from the goal: in MuJoCo 3.3.8 Meta-World's hand pulls the handle 0.068 m
 * past that soft stop; here the stop holds and the reward tops out below 10.
 *
 * Differs from Meta-World: as handle-pull-v3.
 */
import type { Vec3 } from '../../math/vec3.js';
import type { CagingSettings } from './gripper-caging.js';
import { HandlePullV3 } from './handle-pull.js';

/** Meta-World's handle-pull-side-v3 on the Panda placed for Meta-World. */
export class HandlePullSideV3 extends HandlePullV3 {
  override readonly id = 'handle-pull-side-v3';
  protected override readonly caging: CagingSettings = { objRadius: 0.032, padSuccessThreshold: 0.06, xzThreshold: 0.01, highDensity: true };

  constructor() {
    super({ objLow: { x: -0.35, y: 0.65, z: 0 }, objHigh: { x: -0.25, y: 0.75, z: 0 }, sideways: true, site: 'center', successDistance: 0.08 });
  }

  protected override gap(site: Vec3): number {
    const g = this.goal;
    return Math.hypot(site.x - g.x, site.y - g.y, site.z - g.z);
  }

  protected override rewardObjInit(): Vec3 {
    return this.objInit;
  }

  protected override lifted(site: Vec3, objInit: Vec3): boolean {
    return site.z - 0.01 > objInit.z;
  }
}
