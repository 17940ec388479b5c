// Rapier interaction groups: 16 membership bits then 16 filter bits.
const ROBOT = 0x0001;
const STATIC = 0x0002;
const OBJECT = 0x0004;

function groups(membership: number, filter: number): number {
  return ((membership << 16) | filter) >>> 0;
}

/**
 * Kinematically driven links: they touch objects only. Kinematic bodies get no contact response
 * from fixed ones, so pairs with the table would only cost narrow-phase time.
 */
export const ARM_LINK_GROUPS = groups(ROBOT, OBJECT);
/** Dynamic robot parts (fingers): objects and the table, never other robot links. */
export const FINGER_GROUPS = groups(ROBOT, STATIC | OBJECT);
/** Table and other fixed scenery. */
export const STATIC_GROUPS = groups(STATIC, ROBOT | OBJECT);
/** Task objects: they touch everything. */
export const OBJECT_GROUPS = groups(OBJECT, ROBOT | STATIC | OBJECT);
