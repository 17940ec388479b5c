// The sweep over everything registered: every task in every control mode passes the env contract.
import { CONTROL_MODES } from '../robot/controllers/controller-config.js';
import { makeEnv } from '../tasks/make-env.js';
import { TASKS } from '../tasks/registered-tasks.js';
import { runEnvContract } from './env-contract.js';

for (const id of TASKS.ids()) {
  for (const controlMode of CONTROL_MODES) {
    runEnvContract(`${id} ${controlMode}`, () => makeEnv(id, { controlMode }));
  }
  runEnvContract(`${id} state_dict`, () => makeEnv(id, { obsMode: 'state_dict' }));
}
