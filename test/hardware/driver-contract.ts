import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RobotDriver } from '../../hardware/robot-driver.js';

/** A driver under test and how to tear down what it needs. */
export interface DriverHarness {
  driver: RobotDriver;
  close(): Promise<void>;
}

/**
 * The contract every RobotDriver keeps (runDriverContract): connect and arm, observations of the
 * advertised features, sendAction returning the action actually sent, never throwing for bad
 * action values but holding, joint limits and per-step limits kept, e-stop latching until
 * cleared and re-armed, disconnect twice.
 */
export function runDriverContract(name: string, make: () => Promise<DriverHarness>): void {
  describe(`RobotDriver contract: ${name}`, () => {
    test('connect arms; observations are finite and match the features', async () => {
      const h = await make();
      try {
        const d = h.driver;
        await d.connect();
        assert.equal(d.status, 'armed');
        const o = d.getObservation();
        const qpos = d.observationFeatures.find((f) => f.key === 'qpos')!;
        assert.equal(o.armQ.length + o.gripperQ.length, qpos.size);
        assert.ok(o.seq > 0 && o.stamp > 0 && o.receivedAt > 0);
        for (const v of [...o.armQ, ...o.armQd, ...o.gripperQ, o.tcp.p.x, o.tcp.p.y, o.tcp.p.z]) assert.ok(Number.isFinite(v));
        assert.equal(d.actionFeatures.size, d.actionFeatures.low.length);
      } finally {
        await h.close();
      }
    });

    test('sendAction returns the action actually sent; bad values hold instead of throwing', async () => {
      const h = await make();
      try {
        const d = h.driver;
        await d.connect();
        const n = d.actionFeatures.size;
        const ok = d.sendAction(new Float32Array(n).fill(0.2));
        assert.notEqual(ok.status, 'held');
        assert.equal(ok.action.length, n);
        assert.ok(ok.sentAt >= ok.obsReceivedAt);
        for (const [bad, reason] of [[new Float32Array(n).fill(NaN), 'non-finite'], [[1, 2], 'wrong-length'], [new Float32Array(n).fill(Infinity), 'non-finite']] as const) {
          const r = d.sendAction(bad);
          assert.equal(r.status, 'held');
          assert.equal(r.reason, reason);
          assert.ok(r.action.every(Number.isFinite));
        }
        const chain = d.robot.chain;
        const before = Float64Array.from(d.getObservation().armQ);
        const huge = d.sendAction(new Float32Array(n).fill(1e9));
        assert.equal(huge.status, 'clipped');
        for (let i = 0; i < chain.dof; i++) {
          assert.ok(huge.armTarget[i]! >= chain.lower[i]! && huge.armTarget[i]! <= chain.upper[i]!);
          assert.ok(Math.abs(huge.armTarget[i]! - before[i]!) <= 0.1 + 1e-9);
        }
      } finally {
        await h.close();
      }
    });

    test('e-stop latches until cleared and re-armed; disconnect is idempotent', async () => {
      const h = await make();
      try {
        const d = h.driver;
        await d.connect();
        d.estop.trigger('api', 'test');
        assert.equal(d.status, 'estopped');
        assert.equal(d.sendAction(new Float32Array(d.actionFeatures.size)).reason, 'estop');
        assert.throws(() => d.rearm(), /e-stop/);
        d.estop.clear();
        // Latch, disarm, clear, re-arm, in that order: a cleared e-stop leaves the arm unarmed.
        assert.equal(d.status, 'unarmed');
        assert.equal(d.sendAction(new Float32Array(d.actionFeatures.size)).reason, 'not-armed');
        d.rearm();
        assert.equal(d.status, 'armed');
        assert.notEqual(d.sendAction(new Float32Array(d.actionFeatures.size)).status, 'held');
        await d.disconnect();
        await d.disconnect();
        assert.equal(d.sendAction(new Float32Array(d.actionFeatures.size)).status, 'held');
      } finally {
        await h.close();
      }
    });
  });
}
