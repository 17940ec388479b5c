import { InvalidArgumentError } from '../errors.js';
import type { Workspace } from '../robot/controllers/ee-delta-controller.js';

/** Physics and timing settings of a simulated scene. */
export interface SimConfig {
  /** Physics rate, Hz. */
  simHz: number;
  /** Control rate, Hz; simHz must be a multiple of it. */
  controlHz: number;
  /** Rapier solver iterations per physics step. */
  solverIterations: number;
  /** Rapier internal PGS iterations per solver iteration. */
  pgsIterations: number;
  /**
   * Natural frequency of Rapier's soft contacts, Hz. Rapier's default (30) lets a 20 N squeeze
   * sink the fingers into a 64 g cube; 100 keeps them at its faces.
   */
  contactFrequency: number;
  /** Gravity along world z, m/s^2. */
  gravity: number;
  /**
   * Box the TCP may not leave, in the world frame. Kinematic links pass through fixed bodies, so
   * the arm is held back here (as Meta-World clamps its mocap) rather than by the table.
   */
  workspace: Workspace;
  /**
   * How the kinematic arm covers each control period's move: 'fastest' at the joints' velocity
   * limits, then still for the rest of the period; 'even' at one speed over the whole period
   * (still capped by the limits), as a PD-driven arm moves continuously rather than in jumps.
   */
  armMotion: 'fastest' | 'even';
  /** The table: a fixed box whose top face is the plane z = 0, in the world frame. */
  table: { center: { x: number; y: number }; halfExtents: { x: number; y: number } };
}

/** The default settings: 100 Hz physics, 20 Hz control as ManiSkill; 4 solver x 8 PGS iterations (4 x 4 let a held cube creep out of the grip). */
export const SIM_DEFAULTS: SimConfig = {
  simHz: 100,
  controlHz: 20,
  solverIterations: 4,
  pgsIterations: 8,
  contactFrequency: 100,
  gravity: -9.81,
  workspace: { low: { x: -0.45, y: -0.5, z: 0.015 }, high: { x: 0.35, y: 0.5, z: 0.6 } },
  armMotion: 'fastest',
  table: { center: { x: -0.12, y: 0 }, halfExtents: { x: 0.9, y: 0.6 } },
};

/** Physics steps per control step. @throws InvalidArgumentError when simHz is not a multiple of controlHz. */
export function simStepsPerControl(config: SimConfig): number {
  const n = config.simHz / config.controlHz;
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`simHz (${config.simHz}) must be a positive multiple of controlHz (${config.controlHz})`);
  }
  return n;
}
