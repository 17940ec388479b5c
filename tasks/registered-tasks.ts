import { Registry } from '../registry.js';
import type { ControlMode } from '../robot/controllers/controller-config.js';
import type { BatchPolicy } from './evaluation/batch-policy.js';
import { PickCube } from './maniskill/pick-cube.js';
import { PickCubeExpert } from './maniskill/pick-cube-expert.js';
import { PushCube } from './maniskill/push-cube.js';
import { PushCubeExpert } from './maniskill/push-cube-expert.js';
import type { BoxSpace } from './space.js';
import type { Task } from './task.js';

/** A registered task: how to make it, on which robot, and its default control mode. */
export interface TaskEntry {
  id: string;
  /** Robot uid in ROBOTS. */
  robot: string;
  defaultControlMode: ControlMode;
  /** One line for `armkit tasks`. */
  summary: string;
  create(): Task;
  /** A scripted expert, if the task has one, and the control mode it acts in. */
  expert?: { controlMode: ControlMode; create(observationSpace: BoxSpace): BatchPolicy };
}

const ENTRIES: TaskEntry[] = [
  {
    id: 'PickCube-v1',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: 'ManiSkill: pick up a 4 cm cube and hold it at a goal position (50 steps)',
    create: () => new PickCube(),
    expert: { controlMode: 'pd_ee_delta_pose', create: (space) => new PickCubeExpert(space) },
  },
  {
    id: 'PushCube-v1',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: 'ManiSkill: push a 4 cm cube along +x into a 10 cm goal disc (50 steps)',
    create: () => new PushCube(),
    expert: { controlMode: 'pd_ee_delta_pose', create: (space) => new PushCubeExpert(space) },
  },
];

/** Every task armkit ships, by versioned id. */
export const TASKS = new Registry<TaskEntry>('task', ENTRIES.map((e) => [e.id, e] as const));
