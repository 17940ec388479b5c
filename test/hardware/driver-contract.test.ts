import { SimDriver } from '../../hardware/sim/sim-driver.js';
import { runDriverContract } from './driver-contract.js';
import { startTwin, twinDriver } from './twin-fixtures.js';

runDriverContract('SimDriver (Rapier)', async () => {
  const driver = new SimDriver({ task: 'PickCube-v1', controlMode: 'pd_joint_delta_pos' });
  return { driver, close: () => driver.disconnect() };
});

runDriverContract('RosDriver against the twin over rosbridge', async () => {
  const twin = await startTwin(20);
  const driver = twinDriver(twin.url, 20, [], { controlMode: 'pd_joint_delta_pos' });
  return {
    driver,
    close: async () => {
      await driver.disconnect();
      await twin.close();
    },
  };
});
