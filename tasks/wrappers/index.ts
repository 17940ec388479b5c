export { Wrapper } from './wrapper.js';
export { TimeLimit } from './time-limit.js';
export { OrderEnforcing } from './order-enforcing.js';
export { ActionChecking } from './action-checking.js';
