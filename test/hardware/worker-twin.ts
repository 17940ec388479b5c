import { Worker } from 'node:worker_threads';
import type { TwinOptions } from '../../hardware/twin/twin-config.js';

/** The twin's clock readings a stall or resume answers with (nowMs). */
export interface TwinTimes {
  /** When its last joint state left for the bridge. */
  lastStateAt: number;
  /** When its last arm command arrived. */
  lastCommandAt: number;
}

/**
 * A twin on a worker thread (hardware/twin/twin-worker.ts), so its real-time stepping and burst
 * timing keep their own event loop while the control loop under test runs on this one.
 */
export class WorkerTwin implements AsyncDisposable {
  private closed = false;

  private constructor(private readonly worker: Worker, readonly url: string) {}

  /** Start it and wait until it listens. */
  static async start(options: TwinOptions): Promise<WorkerTwin> {
    const worker = new Worker(new URL('../../hardware/twin/twin-worker.js', import.meta.url), { workerData: options });
    const url = await new Promise<string>((resolve, reject) => {
      worker.once('message', (m: { url: string }) => resolve(m.url));
      worker.once('error', reject);
    });
    return new WorkerTwin(worker, url);
  }

  /** The fault injector: stop (true) or resume (false) the joint-state stream; resolves with the times just before. */
  stall(on: boolean): Promise<TwinTimes> {
    return new Promise((resolve) => {
      this.worker.once('message', resolve);
      this.worker.postMessage({ stall: on });
    });
  }

  /** Close the twin and end the thread. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const exited = new Promise((r) => this.worker.once('exit', r));
    this.worker.postMessage('close');
    await exited;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
