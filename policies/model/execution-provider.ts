import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { InvalidArgumentError } from '../../errors.js';
import { ExecutionProviderError, type ProviderFailure } from '../policy-errors.js';

/** Execution providers armkit knows, as onnxruntime-node names them. */
export type ExecutionProviderName = 'cuda' | 'webgpu' | 'cpu';

/** How sessions are created: which providers to try, in order, and how many threads to use. */
export interface ExecutionOptions {
  /**
   * Providers to try in order; the first that can host the model wins. Nothing beyond this
   * list is tried, so leave `cpu` last to always get a session.
   */
  readonly providers?: readonly ExecutionProviderName[];
  /** Threads inside one operator (0: onnxruntime's choice, one per core). */
  readonly intraOpThreads?: number;
  /** Threads across independent operators (0: onnxruntime's choice). */
  readonly interOpThreads?: number;
  /**
   * Where the one-line note of the provider chosen (and those skipped, with why) goes. Default:
   * stderr when ARMKIT_VERBOSE=1 (`armkit --verbose`), each distinct note once per process.
   */
  readonly log?: (line: string) => void;
}

/**
 * Defaults: CUDA where its provider library is installed, else CPU. WebGPU is left out by
 * default because on a machine without a GPU Vulkan may resolve to a software driver, which is
 * correct but slower than the CPU provider; list it to use it.
 */
export const DEFAULT_EXECUTION_OPTIONS = {
  providers: ['cuda', 'cpu'],
  intraOpThreads: 0,
  interOpThreads: 0,
} as const satisfies ExecutionOptions;

/** A session with the provider that hosts it. */
export interface ProviderSession {
  /** The onnxruntime session; the caller releases it. */
  readonly session: InferenceSession;
  /** The provider now running the model. */
  readonly provider: ExecutionProviderName;
  /** Providers tried before it, with reasons. */
  readonly fallbacks: readonly ProviderFailure[];
}

const loggedNotices = new Set<string>();

function defaultLog(line: string): void {
  if (process.env['ARMKIT_VERBOSE'] !== '1' || loggedNotices.has(line)) return;
  loggedNotices.add(line);
  process.stderr.write(`${line}\n`);
}

/**
 * Create a session on the first provider of `options.providers` that can host the model. When
 * it is not the first one asked for, one line says which were skipped and why.
 * @throws ExecutionProviderError listing every provider tried when none could; InvalidArgumentError
 * when the list is empty.
 */
export async function createProviderSession(model: Uint8Array, label: string, options: ExecutionOptions = {}): Promise<ProviderSession> {
  const providers = options.providers ?? DEFAULT_EXECUTION_OPTIONS.providers;
  if (providers.length === 0) throw new InvalidArgumentError('ExecutionOptions.providers: expected at least one provider, got []');
  const failures: ProviderFailure[] = [];
  for (const provider of providers) {
    const missing = missingProviderLibrary(provider);
    if (missing) {
      failures.push({ provider, reason: missing });
      continue;
    }
    try {
      const session = await InferenceSession.create(model, {
        executionProviders: [provider],
        intraOpNumThreads: options.intraOpThreads ?? DEFAULT_EXECUTION_OPTIONS.intraOpThreads,
        interOpNumThreads: options.interOpThreads ?? DEFAULT_EXECUTION_OPTIONS.interOpThreads,
        graphOptimizationLevel: 'all',
        // Warnings such as "some nodes were not assigned to the preferred provider" are expected
        // with WebGPU, which leaves shape arithmetic on the CPU.
        logSeverityLevel: 3,
      });
      const skipped = failures.map((f) => `${f.provider} unavailable (${f.reason}); `).join('');
      (options.log ?? defaultLog)(`armkit: model ${label}: ${skipped}using ${provider}`);
      return { session, provider, fallbacks: failures };
    } catch (cause) {
      failures.push({ provider, reason: firstLine(cause) });
    }
  }
  throw new ExecutionProviderError(label, failures);
}

/**
 * The CUDA provider lives in shared libraries that onnxruntime-node downloads only when asked
 * (ONNXRUNTIME_NODE_INSTALL=cuda12). Checking for them first avoids onnxruntime's multi-line
 * native error log when they are absent.
 */
function missingProviderLibrary(provider: ExecutionProviderName): string | null {
  if (provider !== 'cuda') return null;
  const dir = bindingDirectory();
  for (const lib of ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so']) {
    if (process.platform === 'linux' && !existsSync(join(dir, lib))) {
      return `${lib} is not installed; reinstall onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12`;
    }
  }
  return null;
}

let bindingDir: string | undefined;

function bindingDirectory(): string {
  if (bindingDir === undefined) {
    const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
    bindingDir = join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
  }
  return bindingDir;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  let line = text.split('\n').find((l) => l.trim().length > 0)?.trim() ?? 'unknown error';
  // onnxruntime's checks read "<source>:<line> <function> <condition> was false. <message>";
  // the message is the part worth a log line.
  const check = line.indexOf(' was false. ');
  if (check >= 0) line = line.slice(check + ' was false. '.length);
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
