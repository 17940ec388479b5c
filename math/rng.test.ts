import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from './rng.js';
import { InvalidArgumentError } from '../errors.js';

test('equal seeds give equal streams, other seeds other streams', () => {
  const a = new Rng(7);
  const b = new Rng(7);
  const c = new Rng(8);
  const xa = Array.from({ length: 8 }, () => a.nextU32());
  const xb = Array.from({ length: 8 }, () => b.nextU32());
  const xc = Array.from({ length: 8 }, () => c.nextU32());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
});

test('uniform draws have the right mean and normal draws the right moments', () => {
  const r = new Rng(1);
  const n = 200_000;
  let su = 0;
  let sn = 0;
  let sn2 = 0;
  for (let i = 0; i < n; i++) {
    su += r.random();
    const z = r.normal();
    sn += z;
    sn2 += z * z;
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.005, `uniform mean ${su / n}`);
  assert.ok(Math.abs(sn / n) < 0.01, `normal mean ${sn / n}`);
  assert.ok(Math.abs(sn2 / n - 1) < 0.015, `normal variance ${sn2 / n}`);
});

test('state save and restore continues the same stream, spare normal included', () => {
  const r = new Rng(3);
  r.normal();
  const state = r.getState();
  const expected = [r.normal(), r.random(), r.normal()];
  const copy = new Rng(99).setState(JSON.parse(JSON.stringify(state)));
  assert.deepEqual([copy.normal(), copy.random(), copy.normal()], expected);
});

test('a non-integer seed is refused', () => {
  assert.throws(() => new Rng(1.5), InvalidArgumentError);
});
