import { RosDriver } from '../../hardware/ros/ros-driver.js';
import { parseRosDriverConfig, type RosDriverConfig } from '../../hardware/ros/ros-driver-config.js';
import { SAFETY_DEFAULTS, type SafetyConfig } from '../../hardware/safety/safety-config.js';
import type { TwinOptions } from '../../hardware/twin/twin-config.js';
import { TwinServer } from '../../hardware/twin/twin-server.js';

/** Observation topics of the twin that a PickCube policy needs (the rest is derived). */
export const PICK_CUBE_TOPICS = ['is_grasped', 'goal_pos', 'obj_pose'].map((key) => ({ key, topic: `/twin/observation/${key}` }));

/** A PickCube twin on a free port whose audit checks commands against `safety` at `controlHz`; `extra` adds options (realServer). */
export function startTwin(controlHz: number, safety: SafetyConfig = SAFETY_DEFAULTS, rateHz = 250, port = 0, extra: Partial<TwinOptions> = {}): Promise<TwinServer> {
  return TwinServer.start({ task: 'PickCube-v1', port, rateHz, audit: { safety, controlHz, gripper: { lower: -0.01, upper: 0.04 } }, ...extra });
}

/** A ROS driver config for a twin URL; `extra` overrides fields (JSON as a user would write it). */
export function twinConfig(url: string, controlHz: number, extra: Record<string, unknown> = {}): RosDriverConfig {
  return parseRosDriverConfig({ driver: 'ros', url, controlHz, observationTopics: PICK_CUBE_TOPICS, sceneResetService: '/twin/reset', reconnect: { initialDelayMs: 20, maxDelayMs: 200, connectTimeoutMs: 5000 }, ...extra });
}

/** A driver on a twin, logging into `logs`. */
export function twinDriver(url: string, controlHz: number, logs: string[] = [], extra: Record<string, unknown> = {}): RosDriver {
  return new RosDriver(twinConfig(url, controlHz, extra), { log: (l) => logs.push(l) });
}
