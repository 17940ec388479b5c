/**
 * Runs a TwinServer on a worker thread, so that its real-time stepping does not share an event
 * loop with the control loop under test. workerData: TwinOptions (without log/audit functions).
 * Posts { url } once listening; closes on the message "close". The message { stall } stalls or
 * resumes the joint-state stream and is answered with { lastStateAt, lastCommandAt } as they
 * stood just before.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TwinServer } from './twin-server.js';
import type { TwinOptions } from './twin-config.js';

const twin = await TwinServer.start(workerData as TwinOptions);
parentPort!.postMessage({ url: twin.url });
parentPort!.on('message', (m: 'close' | { stall: boolean }) => {
  if (m === 'close') return void twin.close().then(() => parentPort!.close());
  parentPort!.postMessage({ lastStateAt: twin.lastStateAt, lastCommandAt: twin.lastCommandAt });
  twin.stall(m.stall);
});
