import { Registry } from '../registry.js';
import type { ControlMode } from '../robot/controllers/controller-config.js';
import type { BatchPolicy } from '../tasks/evaluation/batch-policy.js';
import type { TaskEntry } from '../tasks/registered-tasks.js';
import type { BoxSpace } from '../tasks/space.js';
import { UsageError } from './usage-error.js';

/** What a policy choice is built from. */
export interface PolicyContext {
  task: TaskEntry;
  observationSpace: BoxSpace;
  actionSpace: BoxSpace;
  seed: number;
}

/** A policy the command line can name with --policy. */
export interface PolicyChoice {
  summary: string;
  /** The control mode the policy acts in, when it dictates one. */
  controlMode(task: TaskEntry): ControlMode | undefined;
  create(context: PolicyContext): Promise<BatchPolicy>;
}

/** Policies selectable by id on the command line. */
export const POLICY_CHOICES = new Registry<PolicyChoice>('policy', [
  [
    'scripted',
    {
      summary: "the task's scripted expert",
      controlMode: (task) => task.expert?.controlMode,
      async create({ task, observationSpace }) {
        if (!task.expert) throw new UsageError(`task ${task.id} has no scripted expert`);
        return task.expert.create(observationSpace);
      },
    },
  ],
]);
