import { existsSync } from 'node:fs';
import { RegistryError, readUserFile } from '../errors.js';
import { bindPolicy } from '../policies/bind-policy.js';
import { loadPolicy, type LoadPolicyOptions } from '../policies/load-policy.js';
import { readModelProto } from '../policies/model/read-model-proto.js';
import type { Policy } from '../policies/policy.js';
import { AsyncChunkedPolicy } from '../policies/remote/async-chunked-policy.js';
import { RemotePredictor } from '../policies/remote/remote-predictor.js';
import { parseRemoteUrl } from '../policies/remote/remote-url.js';
import { RandomPolicy } from '../policies/random-policy.js';
import { ChunkedPolicy } from '../policies/runner/chunked-policy.js';
import { SCRIPTED_EXPERTS } from '../policies/scripted/scripted-experts.js';
import { Registry } from '../registry.js';
import { CONTROL_MODES, type ControlMode } from '../robot/controllers/controller-config.js';
import type { BoxSpace } from '../tasks/space.js';
import { UsageError } from './usage-error.js';

/** What a policy choice is built from. */
export interface PolicyContext {
  /** Task id. */
  task: string;
  observationSpace: BoxSpace;
  actionSpace: BoxSpace;
  seed: number;
  /** Options for model files (V-GPS reranking, sampler, threads). */
  load?: LoadPolicyOptions;
}

/** A policy the command line can name with --policy. */
export interface PolicyChoice {
  summary: string;
  /** The control mode the policy acts in, when it dictates one. */
  controlMode(task: string): ControlMode | undefined;
  /** The policy, bound to the env's observation and action spaces. */
  create(context: PolicyContext): Promise<Policy>;
}

/** Policies selectable by id on the command line. */
export const POLICY_CHOICES = new Registry<PolicyChoice>('policy', [
  [
    'scripted',
    {
      summary: "the task's scripted expert",
      controlMode: (task) => (SCRIPTED_EXPERTS.has(task) ? SCRIPTED_EXPERTS.get(task).controlMode : undefined),
      async create({ task, observationSpace, actionSpace, seed }) {
        if (!SCRIPTED_EXPERTS.has(task)) throw new UsageError(`task ${task} has no scripted expert`);
        return bindPolicy(SCRIPTED_EXPERTS.get(task).create(observationSpace), observationSpace, actionSpace, seed);
      },
    },
  ],
  [
    'random',
    {
      summary: 'uniform random actions in the action bounds (seeded per episode)',
      controlMode: () => undefined,
      async create({ observationSpace, actionSpace, seed }) {
        return bindPolicy(new RandomPolicy(actionSpace.low, actionSpace.high), observationSpace, actionSpace, seed);
      },
    },
  ],
]);

/**
 * A registered policy id, a path to an .onnx model (bc or diffusion) that follows the model
 * contract, or `zmq://HOST:PORT` for a model served by `armkit serve` (or python/armkit_zmq.py).
 * Models act in the control mode recorded in their metadata (armkit.control_mode), else the
 * task's default; a remote model's comes with the server's spec, read here once.
 * @throws RegistryError listing the ids when none fits, RemotePolicyError when no server answers.
 */
export async function resolvePolicy(id: string): Promise<PolicyChoice> {
  if (POLICY_CHOICES.has(id)) return POLICY_CHOICES.get(id);
  if (id.startsWith('zmq://')) return remoteChoice(id);
  if (id.endsWith('.onnx')) {
    if (!existsSync(id)) throw new UsageError(`--policy ${id}: no such model file`);
    return modelChoice(id);
  }
  throw new RegistryError(`unknown policy "${id}"; known: ${POLICY_CHOICES.ids().join(', ')}, a path to an .onnx model, or zmq://HOST:PORT`);
}

function modelChoice(path: string): PolicyChoice {
  return {
    summary: `ONNX model ${path}`,
    controlMode: () => {
      // Trainers record the mode the demos were collected in as armkit.control_mode.
      const mode = readModelProto(readUserFile(path), path).metadata.get('armkit.control_mode');
      if (mode === undefined) return undefined;
      if (!CONTROL_MODES.includes(mode as ControlMode)) throw new UsageError(`${path}: armkit.control_mode "${mode}" is not one of ${CONTROL_MODES.join(', ')}`);
      return mode as ControlMode;
    },
    async create({ observationSpace, actionSpace, seed, load }) {
      return bindOrDispose(await loadPolicy(path, load), observationSpace, actionSpace, seed);
    },
  };
}

// Options that shape a model in process; a remote model was shaped when its server started.
const SERVER_SIDE: readonly (keyof LoadPolicyOptions)[] = ['rerank', 'gaussian', 'sampler', 'inferenceSteps'];

async function remoteChoice(url: string): Promise<PolicyChoice> {
  const target = parseRemoteUrl(url);
  const probe = await RemotePredictor.connect(target.endpoint, target.options);
  const mode = probe.spec.controlMode;
  await probe.dispose();
  if (mode !== undefined && !CONTROL_MODES.includes(mode as ControlMode)) throw new UsageError(`${url}: the server's control mode "${mode}" is not one of ${CONTROL_MODES.join(', ')}`);
  return {
    summary: `remote policy ${url}`,
    controlMode: () => mode as ControlMode | undefined,
    async create({ observationSpace, actionSpace, seed, load = {} }) {
      const given = SERVER_SIDE.filter((k) => load[k] !== undefined);
      if (given.length) throw new UsageError(`--policy ${url}: ${given.join(', ')} are options of the server (armkit serve), not of a remote policy`);
      const predictor = await RemotePredictor.connect(target.endpoint, target.options);
      // ?async=: LeRobot's async mode, the next chunk computed while the current one executes.
      const policy = target.async ? new AsyncChunkedPolicy(predictor, target.async) : new ChunkedPolicy(predictor, {
        ...(load.actionHorizon !== undefined ? { actionHorizon: load.actionHorizon } : {}),
        ...(load.temporalEnsemble !== undefined ? { temporalEnsemble: load.temporalEnsemble } : {}),
      });
      return bindOrDispose(policy, observationSpace, actionSpace, seed);
    },
  };
}

// A policy that cannot be bound to the env's spaces is freed before the error goes on.
async function bindOrDispose(policy: Policy, observationSpace: BoxSpace, actionSpace: BoxSpace, seed: number): Promise<Policy> {
  try {
    return bindPolicy(policy, observationSpace, actionSpace, seed);
  } catch (e) {
    await policy.dispose();
    throw e;
  }
}
