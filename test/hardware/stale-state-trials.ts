import { setImmediate as yieldNow } from 'node:timers/promises';
import { Rng } from '../../math/rng.js';
import { RateKeeper } from '../../hardware/rate-keeper.js';
import type { RosDriver } from '../../hardware/ros/ros-driver.js';
import { twinDriver } from './twin-fixtures.js';
import type { WorkerTwin } from './worker-twin.js';

/** One stopped-stream trial, ms on this machine's clock (hardware/clock.ts). */
export interface StaleTrial {
  /** The last command on the wire after the driver's newest joint state (negative: none after it). */
  commandAfterStateMs: number;
  /** The same seen by the twin: its last command in after its last state out. */
  twinCommandAfterStateMs: number;
  /** Whether the driver declared the stream lost (stale-state: disarmed) before the loop gave up. */
  tripped: boolean;
  /** No command more than one control period after the newest state, and the loss declared. */
  pass: boolean;
}

/**
 * Stopped-stream trials at `hz` against a twin (best in real-server mode): the loop commands
 * at its rate as deploy's does (yield to the socket, then send), the twin's fault injector stops
 * the joint states at a seeded random moment, the loop runs on until the driver trips or the age
 * limit and three periods have passed, then the stream resumes and the driver is re-armed.
 */
export async function staleStateTrials(twin: WorkerTwin, hz: number, trials: number, seed: number): Promise<StaleTrial[]> {
  await using driver = twinDriver(twin.url, hz, [], { controlMode: 'pd_joint_delta_pos' });
  await driver.connect();
  const period = 1000 / hz;
  const limit = driver.config.safety.maxStateAgeMs;
  const rng = new Rng(seed);
  const zero = new Float32Array(driver.actionFeatures.size);
  const out: StaleTrial[] = [];
  for (let k = 0; k < trials; k++) {
    await rearm(driver);
    const rate = new RateKeeper(hz);
    const stallAt = performance.now() + rng.uniform(100, 300);
    let stalled: Promise<unknown> | null = null;
    let stoppedAt = Infinity;
    let lastSentAt = 0;
    while (performance.now() < stoppedAt + limit + 3 * period && driver.status === 'armed') {
      await rate.wait();
      if (!stalled && performance.now() >= stallAt) {
        stalled = twin.stall(true);
        stoppedAt = performance.now();
      }
      await yieldNow();
      const r = driver.sendAction(zero);
      if (r.sentAt > 0) lastSentAt = r.sentAt;
    }
    await stalled;
    const tripped = driver.status === 'unarmed';
    const commandAfterStateMs = lastSentAt - driver.getObservation().receivedAt;
    const times = await twin.stall(false);
    out.push({ commandAfterStateMs, twinCommandAfterStateMs: times.lastCommandAt - times.lastStateAt, tripped, pass: tripped && commandAfterStateMs <= period });
  }
  return out;
}

// Fresh state since the stream resumed, then the explicit re-arm (retried through a burst gap).
async function rearm(driver: RosDriver): Promise<void> {
  for (let tries = 0; driver.status !== 'armed'; tries++) {
    await driver.waitForState(driver.getObservation().seq, 1000);
    try {
      driver.rearm();
    } catch (e) {
      if (tries >= 20) throw e;
    }
  }
}
