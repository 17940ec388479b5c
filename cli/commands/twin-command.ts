import { TASKS } from '../../tasks/registered-tasks.js';
import { TwinServer } from '../../hardware/twin/twin-server.js';
import { bindToken, isLoopback } from '../../hardware/rosbridge/access-token.js';
import type { Command } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { MAX_INT, checkOptions, intArg } from '../option-schemas.js';

const USAGE = 'armkit twin [--task ID] [--port N] [--host ADDR [--token T]] [--rate HZ] [--seed S] [--ros 1|2] [--verbose]';

/** `armkit twin`: serve a task's simulated arm as a ROS robot over rosbridge v2. */
export const twinCommand: Command = {
  name: 'twin',
  summary: 'serve the simulated arm over the rosbridge v2 protocol (joint states out, commands in)',
  usage: USAGE,
  async run(argv) {
    const { values } = parseOptions('twin', argv, {
      task: { type: 'string', default: 'PickCube-v1' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string' },
      rate: { type: 'string' },
      seed: { type: 'string' },
      ros: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    });
    const o = checkOptions('twin', values, { ros: intArg(1, 2, 1), port: intArg(0, 65535, 9090), rate: intArg(10, 1000, 250), seed: intArg(0, MAX_INT, 0) });
    const task = TASKS.get(values.task!);
    const token = bindToken(values.host!, values.token);
    const twin = await TwinServer.start({
      task: task.id,
      port: o.port,
      host: values.host!,
      token,
      rateHz: o.rate,
      seed: o.seed,
      rosVersion: o.ros as 1 | 2,
      log: values.verbose ? (l) => process.stderr.write(`${l}\n`) : undefined,
    });
    const t = twin.topics;
    if (!isLoopback(values.host!)) process.stderr.write(`armkit twin: ${values.host}:${twin.server.port} is not loopback: clients need the token ${token} ("token" in the robot config, or ?token= on the URL)\n`);
    process.stdout.write(
      `armkit twin: ${task.id} at ${twin.url} (ROS ${o.ros})\n` +
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
