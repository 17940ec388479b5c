import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assetPath } from '../robot/asset-path.js';
import { ConfigError } from './hardware-errors.js';
import { ROBOT_CONFIG_SCHEMA } from './robot-config-schema.js';
import { DRIVER_KINDS, readRobotConfig } from './robot-config.js';
import { buildReset } from './resets/build-reset.js';
import { SerlReset } from './resets/serl-reset.js';
import { Robot } from '../robot/robot.js';
import { ROBOTS } from '../robot/robots.js';

function writeConfig(config: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'armkit-robot-')), 'robot.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

test('a robot config with five mistakes in five sections gets one ConfigError naming all five', () => {
  const file = writeConfig({
    driver: 'ros',
    url: 'http://127.0.0.1:9090',
    safety: { maxRelativeTarget: 5 },
    detector: { kind: 'pose', point: 'obj_pose', around: { key: 'goal_pos', halfExtent: -0.025 } },
    reset: { kind: 'serl', fullResetEvery: 'ten' },
    contolHz: 20,
  });
  assert.throws(
    () => readRobotConfig(file),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
      const paths = ['robot.url', 'robot.safety.maxRelativeTarget', 'robot.detector.around.halfExtent', 'robot.reset.fullResetEvery', 'robot.contolHz'];
      assert.deepEqual(e.problems.map((p) => p.path), paths);
      assert.match(e.message, /^5 problems:/);
      for (const p of paths) assert.match(e.message, new RegExp(`^  - ${p.replace(/\./g, '\\.')}: expected .+, found .+$`, 'm'));
      assert.match(e.message, /robot\.url: expected a ws:\/\/ or wss:\/\/ URL, found "http:\/\/127\.0\.0\.1:9090"/);
      assert.match(e.message, /robot\.reset\.fullResetEvery: expected an integer >= 0, found "ten"/);
      assert.match(e.message, /robot\.contolHz: expected one of the fields driver, .*, found an unknown field/);
      return true;
    },
  );
});

test('every unknown field is named, not only the first', () => {
  assert.throws(() => readRobotConfig(writeConfig({ driver: 'sim', task: 'PickCube-v1', contolHz: 20, safety: { maxTcpStepp: 0.1, velocityScal: 1 } })), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.deepEqual(e.problems.map((p) => p.path), ['robot.safety.maxTcpStepp', 'robot.safety.velocityScal', 'robot.contolHz']);
    return true;
  });
});

test('an unknown driver, a missing file and a non-object are refused naming what was expected', () => {
  assert.throws(() => readRobotConfig(writeConfig({ driver: 'can', url: 'ws://x' })), /: robot\.driver: expected one of ros, sim, found "can"$/);
  assert.throws(() => readRobotConfig('/nonexistent/robot.json'), /\/nonexistent\/robot\.json: expected a readable JSON file/);
  assert.throws(() => readRobotConfig(writeConfig([1])), /: robot: expected an object/);
});

test('the example configs are valid, and the schema covers every registered driver kind', () => {
  const dir = assetPath('hardware/examples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length > 0);
  for (const f of files) {
    const config = readRobotConfig(join(dir, f));
    assert.equal(config.driver['$schema'], undefined, 'the "$schema" key is not a driver field');
    DRIVER_KINDS.get(String(config.driver['driver']));
  }
  const kinds = ROBOT_CONFIG_SCHEMA.options.map((o) => o.entries.driver.literal);
  assert.deepEqual([...kinds].sort(), DRIVER_KINDS.ids());
});

test('out-of-range and hostile values are named: 1e999, a nested bomb, a rest pose of the wrong length or beyond the limits, huge offsets', () => {
  const problem = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'armkit-robot-')), 'robot.json');
    writeFileSync(file, text);
    try {
      readRobotConfig(file);
    } catch (e) {
      assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
      return e.message;
    }
    assert.fail(`${text.slice(0, 60)} was accepted`);
  };
  assert.match(problem('{"driver": "ros", "controlHz": 1e999}'), /robot\.controlHz: expected .*, found Infinity \(out of the float64 range\)/);
  assert.match(problem(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), /expected a value nested at most 64 levels deep/);
  assert.match(problem('{"driver": "ros", "reset": {"kind": "serl", "offsetXyz": 1e300, "offsetYaw": 7}}'), /robot\.reset\.offsetXyz: expected a number in \[0, 0\.2\] m, found 1e\+300[\s\S]*robot\.reset\.offsetYaw: expected a number in \[0, 3\.14/);
  const robot = new Robot(ROBOTS.get('panda'));
  const reset = (restQ: number[]) => () => buildReset({ kind: 'serl', restQ }, 'robot.reset', robot, null, () => {});
  assert.throws(reset([0, 0, 0]), /robot\.reset\.restQ: expected 7 joint positions within the URDF limits \[-2\.90, 2\.90\].*, found \[0,0,0\]/);
  assert.throws(reset([1e300, 0, 0, -2, 0, 2, 0.8]), /robot\.reset\.restQ: expected 7 joint positions/);
  assert.ok(reset([0, 0, 0, -2, 0, 2, 0.8])() instanceof SerlReset);
});
