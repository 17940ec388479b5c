import type { Robot } from '../robot/robot.js';
import { sceneShapes, writeBodyPoses, type SceneShapes } from '../render/scene-shapes.js';
import { Scene } from '../sim/scene.js';
import { SIM_DEFAULTS } from '../sim/sim-config.js';

/**
 * The robot's shapes posed from joint positions, for drawing a real arm: a Rapier scene of the
 * robot alone on the default table, whose kinematic links are teleported to the given joints
 * (forward kinematics on the robot's own URDF), then read back as body poses. Nothing steps, so
 * the poses are exactly those of the joints given. Owns the scene: dispose it.
 */
export class RobotStatePoser implements Disposable {
  /** The bodies and shapes drawn (the table and the robot's links). */
  readonly shapes: SceneShapes;
  private readonly scene: Scene;

  constructor(robot: Robot) {
    this.scene = new Scene(robot, SIM_DEFAULTS);
    this.shapes = sceneShapes(this.scene);
  }

  /** Write every body's pose for arm joints `armQ` and finger opening `finger` (m) into `out`. */
  pose(armQ: ArrayLike<number>, finger: number, out: Float32Array): void {
    this.scene.arm.teleport(armQ, finger);
    writeBodyPoses(this.scene, this.shapes, out, 0);
  }

  /** The TCP's world position for arm joints `armQ`. */
  tcp(armQ: ArrayLike<number>): [number, number, number] {
    const p = this.scene.arm.tcpWorld(armQ).p;
    return [p.x, p.y, p.z];
  }

  [Symbol.dispose](): void {
    this.scene.free();
  }
}
