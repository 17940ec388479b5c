import { SimDriver } from '../../hardware/sim/sim-driver.js';
import { runDriverContract } from './driver-contract.js';
import { startTwin, twinDriver } from './twin-fixtures.js';

runDriverContract('SimDriver (Rapier)', async () => {
  const driver = new SimDriver({ task: 'PickCube-v1', controlMode: 'pd_joint_delta_pos' });
  return { driver, close: () => driver.disconnect() };
});

for (const realServer of [false, true]) {
  runDriverContract(`RosDriver against the twin over rosbridge${realServer ? ' in real-server mode (bursty joint states, null finger velocities)' : ''}`, async () => {
    const twin = await startTwin(20, undefined, 250, 0, { realServer });
    const driver = twinDriver(twin.url, 20, [], { controlMode: 'pd_joint_delta_pos' });
    return {
      driver,
      close: async () => {
        await driver.disconnect();
        await twin.close();
      },
    };
  });
}
