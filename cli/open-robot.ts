import type { ControlMode } from '../robot/controllers/controller-config.js';
import { buildDetector } from '../hardware/detectors/build-detector.js';
import type { Detector } from '../hardware/detectors/detector.js';
import type { PerceptionConfig } from '../hardware/driver-world.js';
import { ConfigError } from '../hardware/hardware-errors.js';
import { describeValue } from '../schema-problems.js';
import type { KeySource } from '../hardware/input/key-source.js';
import { buildReset } from '../hardware/resets/build-reset.js';
import { DRIVER_KINDS, readRobotConfig } from '../hardware/robot-config.js';
import type { RobotDriver } from '../hardware/robot-driver.js';
import { RobotEnv } from '../hardware/robot-env.js';
import { TASKS } from '../tasks/registered-tasks.js';
import { SyncVectorEnv } from '../tasks/vector/sync-vector-env.js';
import { TimeLimit } from '../tasks/wrappers/time-limit.js';

/** A robot opened from `--robot sim:TASK|CONFIG.json`, as an env the rollout can drive. */
export interface OpenRobot extends AsyncDisposable {
  driver: RobotDriver;
  env: RobotEnv;
  vec: SyncVectorEnv;
  taskId: string;
  detector: Detector;
}

/** Options of openRobot. */
export interface OpenRobotOptions {
  /** Episode length (default: the task's). */
  maxSteps?: number;
  /** Operator keys (key detector, human reset); null without a terminal. */
  keys: KeySource | null;
  log: (line: string) => void;
  /** The control mode a policy acts in, by task: a simulated arm without one configured takes it. */
  controlModeFor?: (taskId: string) => ControlMode | undefined;
}

/**
 * Read a robot config, build its driver, detector and reset, connect, and wrap the robot as a
 * RobotEnv under the ordinary time limit: the env `armkit eval --robot` and `armkit deploy` run.
 * @throws ConfigError naming the bad field.
 */
export async function openRobot(spec: string, options: OpenRobotOptions): Promise<OpenRobot> {
  const file = readRobotConfig(spec);
  const taskId = file.task;
  if (typeof taskId !== 'string' || !TASKS.has(taskId)) throw ConfigError.at('robot.task', `the task the robot runs, one of ${TASKS.ids().join(', ')}`, describeValue(taskId));
  const fields = { ...file.driver };
  const wanted = options.controlModeFor?.(taskId);
  if (fields['driver'] === 'sim' && fields['controlMode'] === undefined && wanted) fields['controlMode'] = wanted;
  const driver = DRIVER_KINDS.get(String(fields['driver'])).create(fields, options.log);
  try {
    const detector = await buildDetector(file.detector ?? { kind: 'task' }, 'robot.detector', { keys: options.keys });
    const reset = buildReset(file.reset, 'robot.reset', driver.robot, options.keys, options.log);
    await driver.connect();
    const env = new RobotEnv(driver, {
      task: TASKS.get(taskId).create(),
      reset,
      detector,
      realTime: !driver.sim,
      ...(file.perception !== undefined ? { perception: file.perception as PerceptionConfig } : {}),
    });
    const vec = new SyncVectorEnv([new TimeLimit(env, options.maxSteps ?? env.spec.maxEpisodeSteps)]);
    return {
      driver,
      env,
      vec,
      taskId,
      detector,
      async [Symbol.asyncDispose]() {
        vec.close();
        await detector.dispose?.();
        await driver.disconnect();
      },
    };
  } catch (e) {
    await driver.disconnect();
    throw e;
  }
}
