import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assetPath } from '../../robot/asset-path.js';
import { modelPath } from '../policies/fixtures.js';
import { startTwin } from './twin-fixtures.js';

// The floor of issue 10: ten e-stops by key, each cleared and re-armed, and the run goes on.
const CYCLES = 10;

test('e-stop by key through armkit deploy in a terminal: latched, the attempt void, cleared, re-armed, and the run goes on', { timeout: 120_000 }, async () => {
  await using twin = await startTwin(20);
  const dir = mkdtempSync(join(tmpdir(), 'armkit-estop-key-'));
  const config = JSON.parse(readFileSync(assetPath('hardware/examples/twin-pickcube.json'), 'utf8')) as Record<string, unknown>;
  delete config['$schema'];
  config['url'] = twin.url;
  config['reconnect'] = { initialDelayMs: 20, maxDelayMs: 200, connectTimeoutMs: 5000 };
  writeFileSync(join(dir, 'robot.json'), JSON.stringify(config));
  const report = join(dir, 'report.json');
  const cmd = [process.execPath, assetPath('bin/armkit.js'), 'deploy', '--robot', join(dir, 'robot.json'), '--policy', modelPath('bc-mlp'), '--episodes', String(CYCLES), '--max-steps', '12', '--json', report];
  // util-linux script gives the command a pseudo-terminal: deploy reads raw keys from it as from a keyboard.
  const child = spawn('script', ['-qfec', cmd.map((a) => `'${a}'`).join(' '), '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seen = (text: string) => out.split(text).length - 1;
  const until = async (what: () => boolean, why: string) => {
    const deadline = performance.now() + 15_000;
    while (!what()) {
      if (performance.now() > deadline) throw new Error(`${why}; output so far:\n${out}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  try {
    await until(() => seen('keys: e e-stop') === 1, 'deploy did not start with its keys');
    for (let k = 0; k < CYCLES; k++) {
      // Each e-stop falls in a new episode, after the last one finished: deploy stops after a few
      // interruptions in a row, as a robot that keeps stopping should.
      if (k > 0) await until(() => out.includes(`${k}/${CYCLES}`), `cycle ${k}: episode ${k} did not finish after its re-arm`);
      const moving = twin.received.joint;
      await until(() => twin.received.joint >= moving + 5, `cycle ${k}: the arm is not commanded`);
      child.stdin.write('e');
      await until(() => seen('interrupted (') === k + 1, `cycle ${k}: the e-stop key did not interrupt`);
      const held = twin.received.joint;
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(twin.received.joint, held, `cycle ${k}: no command while e-stopped`);
      child.stdin.write('c');
      await until(() => seen('press "a" to re-arm') === k + 1, `cycle ${k}: clearing did not ask for the re-arm`);
      assert.equal(twin.received.joint, held, `cycle ${k}: cleared but not re-armed: still no command`);
      child.stdin.write('a');
      await until(() => seen('re-armed') === k + 1, `cycle ${k}: not re-armed`);
    }
    assert.equal(await exited, 0, out);
  } finally {
    child.kill();
  }
  assert.equal(seen('(estop)'), CYCLES, out);
  const r = JSON.parse(readFileSync(report, 'utf8')) as { episodes: unknown[]; interruptions: number; errors: string[] };
  assert.deepEqual(r.errors, []);
  assert.equal(r.episodes.length, CYCLES, 'every episode done after its e-stop');
  assert.equal(r.interruptions, CYCLES);
  assert.equal(twin.audit!.violationCount, 0, twin.audit!.violations.join('\n'));
});
