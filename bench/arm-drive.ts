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
import { makeSimEnv } from '../tasks/make-env.js';
import { SyncVectorEnv } from '../tasks/vector/sync-vector-env.js';
import { TimeLimit } from '../tasks/wrappers/time-limit.js';
import { runEvaluation } from '../rollout/evaluate.js';
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

async function run(v: Variant) {
  const saved = { ...PANDA.fingerDrive };
  Object.assign(PANDA.fingerDrive, v.drive);
  // The bare env: the bench reads its controller's goal and the scene after every step.
  const sim = makeSimEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose', sim: v.sim });
  Object.assign(PANDA.fingerDrive, saved);
  const ctrl = sim.controller.arm as EeDeltaController;
  using vec = new SyncVectorEnv([new TimeLimit(sim)]);
  const tracking: number[] = [];
  const slips: number[] = [];
  let held: { x: number; y: number; z: number } | null = null;
  let slip = 0;
  const r = await runEvaluation(vec, new PickCubeExpert(vec.observationSpace), {
    episodes: EPISODES,
    seed: 0,
    onStep: (s) => {
      if (s.t === 0) {
        held = null;
        slip = 0;
      }
      const tcp = sim.scene.arm.tcpWorld();
      const base = sim.scene.arm.basePose.p;
      const g = ctrl.goal.p;
      tracking.push(Math.hypot(tcp.p.x - base.x - g.x, tcp.p.y - base.y - g.y, tcp.p.z - base.z - g.z));
      const body = sim.scene.body('cube');
      const inHand = relativePose(tcp, { p: { ...body.translation() }, q: { ...body.rotation() } }).p;
      if ((s.info as PickCubeInfo).is_grasped) {
        held ??= { ...inHand };
        slip = Math.max(slip, Math.hypot(inHand.x - held.x, inHand.y - held.y, inHand.z - held.z));
      }
      if (s.t === vec.spec.maxEpisodeSteps - 1 && held) slips.push(slip);
    },
  });
  return {
    successOnce: r.metrics.successOnce.mean,
    successAtEnd: r.metrics.successAtEnd.mean,
    trackingMedianMm: 1000 * percentile(tracking, 0.5),
    trackingP95Mm: 1000 * percentile(tracking, 0.95),
    slipMedianMm: 1000 * percentile(slips, 0.5),
    slipMaxMm: 1000 * Math.max(...slips),
    controlStepsPerSec: r.controlSteps / r.seconds,
  };
}

console.log(`bench:arm  PickCube-v1, scripted expert, ${EPISODES} episodes per variant (steps/s through the rollout: env, expert and loop)`);
await run(VARIANTS[VARIANTS.length - 1]!); // warm-up
for (const v of VARIANTS) {
  const r = await run(v);
  console.log(
    `${v.name.padEnd(56)} once ${(100 * r.successOnce).toFixed(0).padStart(3)}%  end ${(100 * r.successAtEnd).toFixed(0).padStart(3)}%  ` +
      `track ${r.trackingMedianMm.toFixed(2)}/${r.trackingP95Mm.toFixed(2)} mm (median/p95)  slip ${r.slipMedianMm.toFixed(1)}/${r.slipMaxMm.toFixed(1)} mm (median/max)  ${r.controlStepsPerSec.toFixed(0)} steps/s`,
  );
}
