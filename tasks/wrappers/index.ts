export { Wrapper } from './wrapper.js';
export { TimeLimit } from './time-limit.js';
export { OrderEnforcing } from './order-enforcing.js';
export { ActionChecking, checkAction } from './action-checking.js';
