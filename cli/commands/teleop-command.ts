import { envArgsFor } from '../../recording/env-args.js';
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { makeEnv } from '../../tasks/make-env.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { BROWSER_TELEOP_DEFAULTS, BrowserTeleop } from '../../hardware/input/browser-teleop.js';
import { KeyboardTeleop } from '../../hardware/input/keyboard-teleop.js';
import { readLeaderArmConfig } from '../../hardware/input/leader-arm-config.js';
import { LeaderArmLink } from '../../hardware/input/leader-arm-link.js';
import { LeaderArmTeleop } from '../../hardware/input/leader-arm-teleop.js';
import { openSpaceMouse } from '../../hardware/input/spacemouse-hid.js';
import { SPACEMOUSE_DEFAULTS, SpaceMouseTeleop, type SpaceMouseMapping } from '../../hardware/input/spacemouse-teleop.js';
import type { InputDeviceError } from '../../hardware/hardware-errors.js';
import { TeleopSession } from '../../rollout/teleop-session.js';
import type { Command } from '../command.js';
import { SEED_MAX, flag, int, num, oneOf, readOptions, refuseGiven, required, type ReadOptions } from '../options.js';
import { TeleopServer } from '../../viewer/teleop-server.js';
import { UsageError } from '../usage-error.js';

// Declared once: read for the values and for which options were written out.
const TELEOP_SPECS = {
  task: required('a task id'),
  device: oneOf(['keyboard', 'spacemouse', 'browser', 'ros-leader'], 'keyboard'),
  port: int(0, 65535, 0),
  scale: num(0.05, 20, 1),
  deadzone: num(0, 0.9, 0.1),
  out: required('the HDF5 file to write'),
  seed: int(0, SEED_MAX, 0),
  'max-steps': int(1, 100_000, 400),
  overwrite: flag(),
};

/** `armkit teleop`: drive the simulated arm from the keyboard, a SpaceMouse, the browser page or a leader arm over ROS, and record episodes. */
export const teleopCommand: Command = {
  name: 'teleop',
  summary: 'record demonstrations by keyboard, SpaceMouse, browser-page (gamepad, keys, live 3-D view) or leader-arm (ROS JointState) teleoperation in the sim',
  usage: 'armkit teleop --task ID --out FILE [--device keyboard|spacemouse|browser|ros-leader LEADER.json] [--port P (browser; 0: any free)] [--scale K (1)] [--deadzone D (0.1)] [--seed S (0)] [--max-steps N (400)] [--overwrite]',
  async run(argv) {
    const { values: o, given, positionals } = readOptions('teleop', argv, TELEOP_SPECS, true);
    if (o.device !== 'browser') refuseGiven('teleop', given, ['port'], 'with --device browser');
    if (o.device === 'ros-leader' ? positionals.length !== 1 : positionals.length > 0) {
      throw new UsageError(o.device === 'ros-leader' ? `armkit teleop: --device ros-leader takes the leader arm's CONFIG.json, got ${positionals.length} files` : `armkit teleop: unexpected ${positionals.map((p) => JSON.stringify(p)).join(' ')} (a CONFIG.json goes with --device ros-leader only)`);
    }
    const leaderConfig = o.device === 'ros-leader' ? readLeaderArmConfig(positionals[0]!) : null;
    const task = TASKS.get(o.task);
    if (o.device === 'browser') return browserTeleop(task.id, o);
    // The SpaceMouse moves the arm; the terminal's keys stay the episode controls with either device.
    const mouse = o.device === 'spacemouse' ? new SpaceMouseTeleop({ ...SPACEMOUSE_DEFAULTS, deadzone: o.deadzone, gain: scaled(o.scale) }) : null;
    let failure: InputDeviceError | null = null;
    await using _hid = mouse ? await openSpaceMouse((r) => mouse.handleReport(r), (e) => (failure ??= e)) : null;
    if (!process.stdin.isTTY) throw new UsageError('armkit teleop: stdin is not a terminal; teleop reads its episode keys from an interactive terminal (run it without pipes or redirection)');
    const maxSteps = o['max-steps'];
    // A leader arm commands joints: the follower runs pd_joint_pos, recorded as such.
    using env = makeEnv(task.id, { controlMode: leaderConfig ? 'pd_joint_pos' : 'pd_ee_delta_pose', maxEpisodeSteps: maxSteps });
    const arm = env.physics.scene.arm;
    const leader = leaderConfig ? new LeaderArmTeleop(leaderConfig, { robot: arm.robot, measured: () => arm.q, controlHz: env.spec.controlHz }) : null;
    using _link = leader ? new LeaderArmLink(leaderConfig!, leader, (l) => process.stderr.write(`\r\x1b[K${l}\n`)) : null;
    const device = mouse ?? leader ?? new KeyboardTeleop();
    await using writer = Hdf5DemoWriter.create(o.out, envArgsFor(env.spec, 'sim-teleop'), { overwrite: o.overwrite });
    const session = new TeleopSession(env, device, writer, o.seed);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    const onKey = (k: string) => device.handleKey(k);
    stdin.on('data', onKey);
    const period = 1000 / env.spec.controlHz;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (failure) {
            clearInterval(timer);
            reject(failure);
            return;
          }
          session
            .tick()
            .then(() => {
              process.stderr.write(`\r${session.status()}\x1b[K`);
              if (session.phase === 'quit') {
                clearInterval(timer);
                resolve();
              }
            })
            .catch((e) => {
              clearInterval(timer);
              reject(e);
            });
        }, period);
      });
    } finally {
      stdin.off('data', onKey);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    }
    process.stdout.write(`saved ${session.saved} episodes to ${o.out}\n`);
    return 0;
  },
};

/** What the browser device reads of the command line. */
type BrowserOptions = ReadOptions<typeof TELEOP_SPECS>['values'];

// The page is the operator's console: it needs no terminal; Ctrl-C here quits like its quit button.
async function browserTeleop(task: string, o: BrowserOptions): Promise<number> {
  const device = new BrowserTeleop({ keyGain: BROWSER_TELEOP_DEFAULTS.keyGain * o.scale, padGain: BROWSER_TELEOP_DEFAULTS.padGain * o.scale, deadzone: o.deadzone });
  using env = makeEnv(task, { controlMode: 'pd_ee_delta_pose', maxEpisodeSteps: o['max-steps'] });
  await using writer = Hdf5DemoWriter.create(o.out, envArgsFor(env.spec, 'sim-teleop'), { overwrite: o.overwrite });
  const session = new TeleopSession(env, device, writer, o.seed);
  await using server = await TeleopServer.start(env, session, device, { port: o.port, maxSteps: o['max-steps'] });
  process.stdout.write(`${task}: open ${server.url} to drive the arm (gamepad or keys; Ctrl-C quits)\n`);
  const quit = () => device.command('quit');
  // Once: a second signal finds no handler and ends the process at once.
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
  try {
    await server.done;
  } finally {
    process.off('SIGINT', quit);
    process.off('SIGTERM', quit);
  }
  process.stdout.write(`saved ${session.saved} episodes to ${o.out}\n`);
  return 0;
}

/** The default axis gains times the user's scale. */
function scaled(k: number): SpaceMouseMapping['gain'] {
  const [a, b, c, d, e, f] = SPACEMOUSE_DEFAULTS.gain;
  return [a * k, b * k, c * k, d * k, e * k, f * k];
}
