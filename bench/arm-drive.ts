// npm run bench:arm -- [--episodes N] [--seeds N] [--only drive|creep]
// How the kinematically driven arm behaves under the scripted expert, for the drive settings that
// were tried: TCP tracking error against the controller's goal, slip of the held cube in the
// hand, success, and speed; then, for the finger drives that were tried, the creep of a cube
// held still for 10 s after the expert placed it. The numbers behind sim/DESIGN-ARM.md.
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
import { measureGraspHold } from '../rollout/grasp-hold.js';

const { values } = parseArgs({
  options: { episodes: { type: 'string', default: '50' }, seeds: { type: 'string', default: '10' }, only: { type: 'string' } },
});
const EPISODES = Number(values.episodes);
const SEEDS = Number(values.seeds);
const HOLD_SECONDS = 10;

interface Variant {
  name: string;
  drive: FingerDrive;
  sim: Partial<SimConfig>;
}

// The Panda URDF's finger mass (0.1 kg), which the drives below were tried with.
const gentle: FingerDrive = { stiffness: 100, damping: 5, forceLimit: 2, friction: 1, mass: 0.1 };
const maniskill: FingerDrive = { stiffness: 1000, damping: 100, forceLimit: 20, friction: 1, mass: 0.1 };
const firstDefault: FingerDrive = { stiffness: 300, damping: 30, forceLimit: 8, friction: 1, mass: 0.1 };
const VARIANTS: Variant[] = [
  { name: 'fingers 100 N/m 5 N s/m 2 N, PGS 4, contact 30 Hz', drive: gentle, sim: { pgsIterations: 4, contactFrequency: 30 } },
  { name: 'fingers 1e3 N/m 1e2 N s/m 20 N, PGS 4, contact 30 Hz', drive: maniskill, sim: { pgsIterations: 4, contactFrequency: 30 } },
  { name: 'fingers 1e3 N/m 1e2 N s/m 20 N, PGS 8, contact 100 Hz', drive: maniskill, sim: {} },
  { name: 'fingers 300 N/m 30 N s/m 8 N, PGS 4, contact 100 Hz', drive: firstDefault, sim: { pgsIterations: 4 } },
  { name: 'fingers 300 N/m 30 N s/m 8 N, PGS 8, contact 100 Hz', drive: firstDefault, sim: {} },
  { name: 'fingers 0.5 kg, 1e3 N/m 20 N s/m 100 N, PGS 8 (default)', drive: PANDA.fingerDrive, sim: {} },
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

interface CreepVariant {
  name: string;
  drive: FingerDrive;
}

const CREEP_VARIANTS: CreepVariant[] = [
  { name: 'URDF mass 0.1 kg, 300 N/m 30 N s/m 8 N', drive: firstDefault },
  { name: 'the same, friction 2 (ManiSkill)', drive: { ...firstDefault, friction: 2 } },
  { name: '0.3 kg, 300 N/m 30 N s/m 8 N', drive: { ...firstDefault, mass: 0.3 } },
  { name: '0.3 kg, 200 N/m 16 N s/m 20 N', drive: { stiffness: 200, damping: 16, forceLimit: 20, friction: 1, mass: 0.3 } },
  { name: '0.5 kg, 200 N/m 20 N s/m 8 N', drive: { ...PANDA.fingerDrive, stiffness: 200, forceLimit: 8 } },
  { name: '0.5 kg, 200 N/m 20 N s/m 40 N', drive: { ...PANDA.fingerDrive, stiffness: 200, forceLimit: 40 } },
  { name: '0.5 kg, 1e3 N/m 1e2 N s/m 100 N (ManiSkill)', drive: { ...PANDA.fingerDrive, damping: 100 } },
  { name: '0.5 kg, 1e3 N/m 20 N s/m 100 N (default)', drive: PANDA.fingerDrive },
  { name: '0.5 kg, the same, friction 2', drive: { ...PANDA.fingerDrive, friction: 2 } },
  { name: '1 kg, 3000 N/m 300 N s/m 8 N', drive: { stiffness: 3000, damping: 300, forceLimit: 8, friction: 1, mass: 1 } },
];

async function creep(v: CreepVariant) {
  const saved = { ...PANDA.fingerDrive };
  Object.assign(PANDA.fingerDrive, v.drive);
  const sim = makeSimEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
  Object.assign(PANDA.fingerDrive, saved);
  const expert = new PickCubeExpert(sim.observationSpace);
  const rows = [];
  try {
    for (let seed = 0; seed < SEEDS; seed++) rows.push(await measureGraspHold(sim, expert, { seed, holdSeconds: HOLD_SECONDS }));
  } finally {
    sim.close();
  }
  const creeps = rows.map((r) => 1000 * r.creep);
  const episodes = await run({ name: v.name, drive: v.drive, sim: {} });
  return {
    episodes,
    settleMax: 1000 * Math.max(...rows.map((r) => r.settleDrop)),
    creepMedian: percentile(creeps, 0.5),
    creepMax: Math.max(...creeps),
    shiftMax: 1000 * Math.max(...rows.map((r) => r.maxShift)),
    successAtEnd: rows.filter((r) => r.successAtEnd).length / rows.length,
    stepsPerSec: percentile(rows.map((r) => r.controlStepsPerSec), 0.5),
  };
}

if (values.only !== 'creep') {
console.log(`bench:arm  PickCube-v1, scripted expert, ${EPISODES} episodes per variant (steps/s through the rollout: env, expert and loop)`);
await run(VARIANTS[VARIANTS.length - 1]!); // warm-up
for (const v of VARIANTS) {
  const r = await run(v);
  console.log(
    `${v.name.padEnd(56)} once ${(100 * r.successOnce).toFixed(0).padStart(3)}%  end ${(100 * r.successAtEnd).toFixed(0).padStart(3)}%  ` +
      `track ${r.trackingMedianMm.toFixed(2)}/${r.trackingP95Mm.toFixed(2)} mm (median/p95)  slip ${r.slipMedianMm.toFixed(1)}/${r.slipMaxMm.toFixed(1)} mm (median/max)  ${r.controlStepsPerSec.toFixed(0)} steps/s`,
  );
}
}

if (values.only !== 'drive') {
  console.log(
    `bench:arm creep  PickCube-v1, scripted expert to success, 1 s to settle, then ${HOLD_SECONDS} s still with the gripper closed, seeds 0-${SEEDS - 1}; ` +
      `once/end and episode steps/s over ${EPISODES} expert episodes`,
  );
  await creep(CREEP_VARIANTS[0]!); // warm-up
  for (const v of CREEP_VARIANTS) {
    const r = await creep(v);
    console.log(
      `${v.name.padEnd(52)} creep ${r.creepMedian.toFixed(3)}/${r.creepMax.toFixed(3)} mm/s (median/max)  settle max ${r.settleMax.toFixed(2)} mm  ` +
        `shift max ${r.shiftMax.toFixed(2)} mm  end of hold ${(100 * r.successAtEnd).toFixed(0).padStart(3)}%  hold ${r.stepsPerSec.toFixed(0)} steps/s  ` +
        `episodes: once ${(100 * r.episodes.successOnce).toFixed(0)}% end ${(100 * r.episodes.successAtEnd).toFixed(0)}% ${r.episodes.controlStepsPerSec.toFixed(0)} steps/s`,
    );
  }
}
