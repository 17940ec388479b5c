export { Wrapper } from './wrapper.js';
export { TimeLimit } from './time-limit.js';
export { OrderEnforcing } from './order-enforcing.js';
export { ActionChecking, checkAction } from './action-checking.js';
export { TaskOneHot, TASK_ONE_HOT_KEY } from './task-one-hot.js';
