export { parseUrdf } from './parse-urdf.js';
export { UrdfError } from './urdf-error.js';
export type { UrdfModel, UrdfLink, UrdfJoint, UrdfJointType, UrdfCollision, UrdfGeometry, UrdfInertial } from './urdf-model.js';
