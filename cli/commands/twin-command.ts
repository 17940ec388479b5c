import { TASKS } from '../../tasks/registered-tasks.js';
import { TwinServer } from '../../hardware/twin/twin-server.js';
import { bindToken, isLoopback } from '../../hardware/rosbridge/access-token.js';
import type { Command } from '../command.js';
import { SEED_MAX, flag, int, oneOf, readOptions, text } from '../options.js';

const USAGE = 'armkit twin [--task ID (PickCube-v1)] [--port N (9090)] [--host ADDR (127.0.0.1) [--token T]] [--rate HZ (250)] [--seed S (0)] [--ros 1|2 (1)] [--real-server] [--verbose]';

/** `armkit twin`: serve a task's simulated arm as a ROS robot over rosbridge v2. */
export const twinCommand: Command = {
  name: 'twin',
  summary: 'serve the simulated arm over the rosbridge v2 protocol (joint states out, commands in)',
  usage: USAGE,
  async run(argv) {
    const { values: o } = readOptions('twin', argv, {
      task: text('PickCube-v1'),
      port: int(0, 65535, 9090),
      host: text('127.0.0.1'),
      token: text(),
      rate: int(10, 1000, 250),
      seed: int(0, SEED_MAX, 0),
      ros: oneOf(['1', '2'], '1'),
      'real-server': flag(),
    });
    const task = TASKS.get(o.task);
    const token = bindToken(o.host, o.token);
    const twin = await TwinServer.start({
      task: task.id,
      port: o.port,
      host: o.host,
      token,
      rateHz: o.rate,
      seed: o.seed,
      rosVersion: Number(o.ros) as 1 | 2,
      realServer: o['real-server'],
      log: process.env['ARMKIT_VERBOSE'] === '1' ? (l) => process.stderr.write(`${l}\n`) : undefined,
    });
    const t = twin.topics;
    if (!isLoopback(o.host)) process.stderr.write(`armkit twin: ${o.host}:${twin.server.port} is not loopback: clients need the token ${token} ("token" in the robot config, or ?token= on the URL)\n`);
    process.stdout.write(
      `armkit twin: ${task.id} at ${twin.url} (ROS ${o.ros}${o['real-server'] ? ', real-server timing: joint states in bursts, null finger velocities' : ''})\n` +
        `  out: ${t.jointStates} (sensor_msgs/JointState), ${t.observationPrefix}/<key> (std_msgs/Float64MultiArray)\n` +
        `  in:  ${t.jointCommand} (Float64MultiArray), ${t.jointTrajectory} (JointTrajectory), ${t.equilibriumPose} (PoseStamped), ${t.gripperCommand} (Float64)\n` +
        `  services: ${t.resetService} (std_srvs/Trigger), /rosapi/*\n` +
        'Ctrl-C stops.\n',
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await twin.close();
    return 0;
  },
};
