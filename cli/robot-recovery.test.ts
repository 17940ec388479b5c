import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualKeySource } from '../hardware/input/key-source.js';
import type { DriverStatus, RobotDriver } from '../hardware/robot-driver.js';
import { Recovery } from './robot-recovery.js';

function fakeDriver(status: DriverStatus): RobotDriver & { rearms: number; state: DriverStatus } {
  const d = { state: status, rearms: 0, get status() { return d.state; }, rearm() { d.rearms++; d.state = 'armed'; } };
  return d as unknown as RobotDriver & { rearms: number; state: DriverStatus };
}

test('a failed reset (robot still armed) is retried after a pause that doubles, and given up after three in a row', async () => {
  const r = new Recovery(fakeDriver('armed'), null, () => {}, 40);
  const waits: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    assert.equal(await r.recover('reset failed'), true);
    waits.push(performance.now() - t);
  }
  assert.ok(waits[0]! >= 35 && waits[1]! >= 75 && waits[2]! >= 155, `waits ${waits.map((w) => w.toFixed(0)).join(', ')} ms`);
  assert.equal(await r.recover('reset failed'), false);
  r.episodeDone();
  assert.equal(await r.recover('reset failed'), true, 'a finished episode starts the count again');
});

test('an unarmed robot (cleared e-stop, lost state) is re-armed only by the operator', async () => {
  const keys = new ManualKeySource();
  const driver = fakeDriver('unarmed');
  const r = new Recovery(driver, keys, () => {});
  const pending = r.recover('e-stop');
  await new Promise((res) => setTimeout(res, 20));
  assert.equal(driver.rearms, 0, 'nothing re-arms by itself');
  keys.press('a');
  assert.equal(await pending, true);
  assert.equal(driver.rearms, 1);
  assert.equal(await new Recovery(fakeDriver('unarmed'), null, () => {}).recover('e-stop'), false, 'with no operator the run stops');
});
