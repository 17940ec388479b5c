export { KeyboardTeleop, KEY_HELP, type TeleopCommand } from './keyboard-teleop.js';
export { TeleopSession, type TeleopPhase } from './teleop-session.js';
