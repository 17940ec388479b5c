import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ujsonFloat, ujsonString, ujsonValue } from './ujson-writer.js';

test('floats as ujson writes them (rosbridge 0.11.17 transcripts)', () => {
  const cases: [number, string][] = [
    [0, '0.0'], [-0, '-0.0'], [1, '1.0'], [0.1, '0.1'], [1 / 3, '0.3333333333333333'], [1e-9, '1e-9'], [1.5e-300, '1.5e-300'],
    [1e300, '1e+300'], [2 ** 53, '9007199254740992.0'], [2 ** 53 + 2, '9007199254740994.0'], [123456789.125, '123456789.125'],
    [1e21, '1e+21'], [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'], [-2.35619449, '-2.35619449'],
    [0.0001, '0.0001'], [0.00001, '1e-5'], [1e16, '1e+16'], [NaN, 'null'], [Infinity, 'null'], [-Infinity, 'null'],
  ];
  for (const [x, s] of cases) assert.equal(ujsonFloat(x), s, String(x));
  for (const [x] of cases) if (Number.isFinite(x)) assert.equal(Number(ujsonFloat(x)), x, 'round trip');
});

test('strings escape "/" and non-ASCII; plain values keep key order', () => {
  assert.equal(ujsonString('/joint_states'), '"\\/joint_states"');
  assert.equal(ujsonString('é"\n'), '"\\u00e9\\"\\n"');
  assert.equal(ujsonValue({ op: 'x', values: { a: [1, 2.5], b: true } }), '{"op":"x","values":{"a":[1,2.5],"b":true}}');
});
