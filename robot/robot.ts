import { readFileSync } from 'node:fs';
import { assetPath } from './asset-path.js';
import type { ControlMode } from './controllers/controller-config.js';
import type { Workspace } from './controllers/ee-delta-controller.js';
import { RobotController } from './controllers/robot-controller.js';
import { KinematicChain } from './kinematics/kinematic-chain.js';
import type { RobotDescription } from './robot-description.js';
import { parseUrdf } from './urdf/parse-urdf.js';
import { UrdfError } from './urdf/urdf-error.js';
import type { UrdfModel } from './urdf/urdf-model.js';

/** A robot description with its URDF loaded and its arm chain (base to TCP) built. */
export class Robot {
  /** The parsed URDF. */
  readonly urdf: UrdfModel;
  /** Base link to TCP link; its movable joints are the arm joints. */
  readonly chain: KinematicChain;

  constructor(readonly description: RobotDescription, urdf?: UrdfModel) {
    this.urdf = urdf ?? parseUrdf(readFileSync(assetPath(description.urdf), 'utf8'));
    this.chain = new KinematicChain(this.urdf, description.baseLink, description.tcpLink);
    const names = this.chain.jointNames.join(',');
    if (names !== description.armJoints.join(',')) {
      throw new UrdfError(`robot "${description.uid}": arm joints from ${description.baseLink} to ${description.tcpLink} are [${names}], the description says [${description.armJoints.join(', ')}]`);
    }
  }

  /** A fresh controller for `mode`, clamping end-effector targets into `workspace` (base frame). */
  createController(mode: ControlMode, workspace: Workspace | null = null): RobotController {
    return new RobotController(this.chain, this.description.controllers[mode], workspace);
  }
}
