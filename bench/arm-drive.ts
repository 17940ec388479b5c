import type { SimEnv } from '../tasks/sim-env.js';
// npm run bench:arm -- [--episodes N]
// How the kinematically driven arm behaves under the scripted expert, for the drive settings that
// were tried: TCP tracking error against the controller's goal, slip of the held cube in the
// hand, success, and speed. The numbers behind sim/DESIGN-ARM.md.
import { parseArgs } from 'node:util';
import { relativePose } from '../math/pose.js';
import { PANDA } from '../robot/panda/panda.js';
import type { EeDeltaController } from '../robot/controllers/ee-delta-controller.js';
import type { PickCubeInfo } from '../tasks/maniskill/pick-cube.js';
import type { SimConfig } from '../sim/sim-config.js';
import type { FingerDrive } from '../robot/robot-description.js';
import { makeEnv } from '../tasks/make-env.js';
import { PickCubeExpert } from '../policies/scripted/pick-cube-expert.js';

const { values } = parseArgs({ options: { episodes: { type: 'string', default: '50' } } });
const EPISODES = Number(values.episodes);

interface Variant {
  name: string;
  drive: FingerDrive;
  sim: Partial<SimConfig>;
}

const gentle: FingerDrive = { stiffness: 100, damping: 5, forceLimit: 2, friction: 1 };
const maniskill: FingerDrive = { stiffness: 1000, damping: 100, forceLimit: 20, friction: 1 };
const VARIANTS: Variant[] = [
  { name: 'fingers 100 N/m 5 N s/m 2 N, PGS 4, contact 30 Hz', drive: gentle, sim: { pgsIterations: 4, contactFrequency: 30 } },
  { name: 'fingers 1e3 N/m 1e2 N s/m 20 N, PGS 4, contact 30 Hz', drive: maniskill, sim: { pgsIterations: 4, contactFrequency: 30 } },
  { name: 'fingers 1e3 N/m 1e2 N s/m 20 N, PGS 8, contact 100 Hz', drive: maniskill, sim: {} },
  { name: 'fingers 300 N/m 30 N s/m 8 N, PGS 4, contact 100 Hz', drive: PANDA.fingerDrive, sim: { pgsIterations: 4 } },
  { name: 'fingers 300 N/m 30 N s/m 8 N, PGS 8, contact 100 Hz (default)', drive: PANDA.fingerDrive, sim: {} },
];

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
}

function run(v: Variant) {
  const saved = { ...PANDA.fingerDrive };
  Object.assign(PANDA.fingerDrive, v.drive);
  const env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose', sim: v.sim });
  Object.assign(PANDA.fingerDrive, saved);
  const sim = (env as unknown as { unwrapped: SimEnv }).unwrapped;
  const ctrl = sim.controller.arm as EeDeltaController;
  const expert = new PickCubeExpert(env.observationSpace);
  const tracking: number[] = [];
  const slips: number[] = [];
  let once = 0;
  let atEnd = 0;
  let steps = 0;
  let seconds = 0;
  for (let e = 0; e < EPISODES; e++) {
    let { obs } = env.reset({ seed: e });
    expert.reset(1);
    let held: { x: number; y: number; z: number } | null = null;
    let slip = 0;
    let success = false;
    let last = false;
    for (let t = 0; t < 50; t++) {
      const action = expert.act(obs as Float32Array);
      const t0 = performance.now();
      const r = env.step(action);
      seconds += (performance.now() - t0) / 1000;
      steps++;
      obs = r.obs;
      const tcp = sim.scene.arm.tcpWorld();
      const base = sim.scene.arm.basePose.p;
      const g = ctrl.goal.p;
      tracking.push(Math.hypot(tcp.p.x - base.x - g.x, tcp.p.y - base.y - g.y, tcp.p.z - base.z - g.z));
      const body = sim.scene.body('cube');
      const inHand = relativePose(tcp, { p: { ...body.translation() }, q: { ...body.rotation() } }).p;
      if ((r.info as PickCubeInfo).is_grasped) {
        held ??= { ...inHand };
        slip = Math.max(slip, Math.hypot(inHand.x - held.x, inHand.y - held.y, inHand.z - held.z));
      }
      success ||= r.info.success;
      last = r.info.success;
    }
    if (held) slips.push(slip);
    once += success ? 1 : 0;
    atEnd += last ? 1 : 0;
  }
  env.close();
  return {
    successOnce: once / EPISODES,
    successAtEnd: atEnd / EPISODES,
    trackingMedianMm: 1000 * percentile(tracking, 0.5),
    trackingP95Mm: 1000 * percentile(tracking, 0.95),
    slipMedianMm: 1000 * percentile(slips, 0.5),
    slipMaxMm: 1000 * Math.max(...slips),
    controlStepsPerSec: steps / seconds,
  };
}

console.log(`bench:arm  PickCube-v1, scripted expert, ${EPISODES} episodes per variant (env step time only)`);
run(VARIANTS[VARIANTS.length - 1]!); // warm-up
for (const v of VARIANTS) {
  const r = run(v);
  console.log(
    `${v.name.padEnd(56)} once ${(100 * r.successOnce).toFixed(0).padStart(3)}%  end ${(100 * r.successAtEnd).toFixed(0).padStart(3)}%  ` +
      `track ${r.trackingMedianMm.toFixed(2)}/${r.trackingP95Mm.toFixed(2)} mm (median/p95)  slip ${r.slipMedianMm.toFixed(1)}/${r.slipMaxMm.toFixed(1)} mm (median/max)  ${r.controlStepsPerSec.toFixed(0)} steps/s`,
  );
}
