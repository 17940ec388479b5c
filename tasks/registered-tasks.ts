import { Registry } from '../registry.js';
import type { ControlMode } from '../robot/controllers/controller-config.js';
import { PickCube } from './maniskill/pick-cube.js';
import { PushCube } from './maniskill/push-cube.js';
import { StackCube } from './maniskill/stack-cube.js';
import { StackPyramid } from './maniskill/stack-pyramid.js';
import { PullCube } from './maniskill/pull-cube.js';
import { PokeCube } from './maniskill/poke-cube.js';
import { PullCubeTool } from './maniskill/pull-cube-tool.js';
import { LiftPegUpright } from './maniskill/lift-peg-upright.js';
import { PlaceSphere } from './maniskill/place-sphere.js';
import { ROLL_BALL_TABLE, RollBall } from './maniskill/roll-ball.js';
import { PegInsertionSide } from './maniskill/peg-insertion-side.js';
import { PushT } from './maniskill/push-t.js';
import { PlugCharger } from './maniskill/plug-charger.js';
import { ReachV3 } from './metaworld/reach.js';
import { PushV3 } from './metaworld/push.js';
import { PickPlaceV3 } from './metaworld/pick-place.js';
import { PegInsertSideV3 } from './metaworld/peg-insert-side.js';
import { DrawerOpenV3 } from './metaworld/drawer-open.js';
import { DrawerCloseV3 } from './metaworld/drawer-close.js';
import { ButtonPressTopdownV3 } from './metaworld/button-press-topdown.js';
import { DoorOpenV3 } from './metaworld/door-open.js';
import { WindowOpenV3 } from './metaworld/window-open.js';
import { WindowCloseV3 } from './metaworld/window-close.js';
import { ButtonPressV3 } from './metaworld/button-press.js';
import { ButtonPressWallV3 } from './metaworld/button-press-wall.js';
import { ReachWallV3 } from './metaworld/reach-wall.js';
import { ButtonPressTopdownWallV3 } from './metaworld/button-press-topdown-wall.js';
import { PushWallV3 } from './metaworld/push-wall.js';
import { PickPlaceWallV3 } from './metaworld/pick-place-wall.js';
import { DoorCloseV3 } from './metaworld/door-close.js';
import { PushBackV3 } from './metaworld/push-back.js';
import { CoffeeButtonV3 } from './metaworld/coffee-button.js';
import { FaucetOpenV3 } from './metaworld/faucet-open.js';
import { FaucetCloseV3 } from './metaworld/faucet-close.js';
import { DoorLockV3 } from './metaworld/door-lock.js';
import { DoorUnlockV3 } from './metaworld/door-unlock.js';
import { CoffeePushV3 } from './metaworld/coffee-push.js';
import { CoffeePullV3 } from './metaworld/coffee-pull.js';
import { DialTurnV3 } from './metaworld/dial-turn.js';
import { LeverPullV3 } from './metaworld/lever-pull.js';
import { PlateSlideV3 } from './metaworld/plate-slide.js';
import { PlateSlideSideV3 } from './metaworld/plate-slide-side.js';
import { PlateSlideBackV3 } from './metaworld/plate-slide-back.js';
import { PlateSlideBackSideV3 } from './metaworld/plate-slide-back-side.js';
import { HandlePressV3 } from './metaworld/handle-press.js';
import { HandlePressSideV3 } from './metaworld/handle-press-side.js';
import { HandlePullV3 } from './metaworld/handle-pull.js';
import { HandlePullSideV3 } from './metaworld/handle-pull-side.js';
import { METAWORLD_SIM } from './metaworld/metaworld-sim.js';
import type { Task } from './task.js';
import type { SimConfig } from '../sim/sim-config.js';

/** A registered task: how to make it, on which robot, and its default control mode (scripted experts: policies/scripted/). */
export interface TaskEntry {
  id: string;
  /** The benchmark suite whose task it mirrors. */
  family: 'ManiSkill' | 'Meta-World';
  /** Robot uid in ROBOTS. */
  robot: string;
  defaultControlMode: ControlMode;
  /** One line for `armkit tasks`. */
  summary: string;
  create(): Task;
  /** Simulation settings of the task's suite (Meta-World's rates, workspace and table). */
  sim?: Partial<SimConfig>;
}

// ManiSkill's tasks: the Panda, pd_joint_delta_pos by default (ManiSkill's own default).
function maniskill(id: string, summary: string, create: () => Task, more: Partial<TaskEntry> = {}): TaskEntry {
  return { id, family: 'ManiSkill', robot: 'panda', defaultControlMode: 'pd_joint_delta_pos', summary, create, ...more };
}

// Meta-World's tasks: its hand on the Panda, its 4-d action, its rates, workspace and table.
function metaworld(id: string, summary: string, create: () => Task, robot = 'panda_metaworld'): TaskEntry {
  return { id, family: 'Meta-World', robot, defaultControlMode: 'pd_ee_delta_pos', summary: `${summary} (Meta-World's 4-d action)`, sim: METAWORLD_SIM, create };
}

const ENTRIES: TaskEntry[] = [
  maniskill('PickCube-v1', 'pick up a 4 cm cube and hold it at a goal position', () => new PickCube()),
  maniskill('PushCube-v1', 'push a 4 cm cube along +x into a 10 cm goal disc', () => new PushCube()),
  maniskill('StackCube-v1', 'pick up a red 4 cm cube, stack it on a green one and let go', () => new StackCube()),
  maniskill('PullCube-v1', 'pull a 4 cm cube along -x, toward the robot, into a 10 cm goal disc', () => new PullCube()),
  maniskill('StackPyramid-v1', 'set a red 4 cm cube beside a green one and stack a blue one on both', () => new StackPyramid()),
  maniskill('PokeCube-v1', "grasp a peg and push a 4 cm cube with the peg's head into a 5 cm goal disc", () => new PokeCube()),
  maniskill('PullCubeTool-v1', "grasp an L-shaped tool's handle and pull an out-of-reach 4 cm cube back with its hook", () => new PullCubeTool()),
  maniskill('LiftPegUpright-v1', 'stand a 24 cm peg lying on the table upright on its end', () => new LiftPegUpright()),
  maniskill('PlaceSphere-v1', 'pick up a 4 cm sphere and place it into a shallow bin', () => new PlaceSphere()),
  // ManiSkill's whole 2.4 m table: the goal lies at its far end.
  maniskill('RollBall-v1', 'push a 7 cm ball so that it rolls about 1.4 m into a 10 cm goal disc', () => new RollBall(), { sim: { table: ROLL_BALL_TABLE } }),
  maniskill('PushT-v1', 'push a T-shaped block with a stick to cover a goal T (90% of its area)', () => new PushT(), { robot: 'panda_stick', sim: { armMotion: 'even' } }),
  maniskill('PegInsertionSide-v1', 'grasp a square peg and insert it sideways, half way, into a box with a 3 mm clearance hole', () => new PegInsertionSide()),
  maniskill('PlugCharger-v1', "grasp a charger and plug its two pins into a receptacle's holes (0.5 mm clearance)", () => new PlugCharger()),
  metaworld('reach-v3', 'move the hand to a goal in the air', () => new ReachV3()),
  metaworld('push-v3', 'move a cylinder to a goal on the table', () => new PushV3()),
  metaworld('pick-place-v3', 'pick up a cylinder and bring it to a goal in the air', () => new PickPlaceV3()),
  metaworld('peg-insert-side-v3', "pick up a square peg and push its head sideways into a box's hole", () => new PegInsertSideV3(), 'panda_metaworld_back'),
  metaworld('drawer-open-v3', 'pull a drawer out of its case by the handle', () => new DrawerOpenV3()),
  metaworld('drawer-close-v3', 'push an open drawer shut', () => new DrawerCloseV3()),
  metaworld('door-open-v3', "swing a safe's door open toward the robot", () => new DoorOpenV3()),
  metaworld('button-press-topdown-v3', 'press a button down into its box from above', () => new ButtonPressTopdownV3()),
  metaworld('window-open-v3', "slide a window's sash open by its handle", () => new WindowOpenV3()),
  metaworld('window-close-v3', "slide an open window's sash shut by its handle", () => new WindowCloseV3()),
  metaworld('button-press-v3', 'press a button that faces the robot into its box', () => new ButtonPressV3()),
  metaworld('button-press-wall-v3', 'press a button that faces the robot, behind a low wall', () => new ButtonPressWallV3()),
  metaworld('reach-wall-v3', 'move the hand to a goal in the air behind a low wall', () => new ReachWallV3()),
  metaworld('button-press-topdown-wall-v3', 'press a button down into its box from above, behind a low wall', () => new ButtonPressTopdownWallV3()),
  metaworld('push-wall-v3', 'move a cylinder to a goal on the table behind a low wall', () => new PushWallV3()),
  metaworld('pick-place-wall-v3', 'pick up a cylinder and bring it to a goal in the air behind a low wall', () => new PickPlaceWallV3()),
  metaworld('door-close-v3', "swing a safe's open door shut", () => new DoorCloseV3()),
  metaworld('push-back-v3', 'push a block back toward the robot to a goal on the table', () => new PushBackV3()),
  metaworld('coffee-button-v3', "press the coffee machine's button, which faces the robot", () => new CoffeeButtonV3()),
  metaworld('faucet-open-v3', "turn a faucet's lever round to the right", () => new FaucetOpenV3()),
  metaworld('faucet-close-v3', "turn a faucet's lever round to the left", () => new FaucetCloseV3()),
  metaworld('door-lock-v3', "turn the lock on a safe's door down", () => new DoorLockV3()),
  metaworld('door-unlock-v3', "turn the lock on a safe's door back up", () => new DoorUnlockV3()),
  metaworld('coffee-push-v3', "bring a mug to under the coffee machine's spout", () => new CoffeePushV3()),
  metaworld('coffee-pull-v3', "take a mug from under the coffee machine's spout to a goal", () => new CoffeePullV3()),
  metaworld('dial-turn-v3', 'turn a dial a quarter turn or more', () => new DialTurnV3()),
  metaworld('lever-pull-v3', 'swing a lever up from pointing at the robot to straight up', () => new LeverPullV3(), 'panda_metaworld_back'),
  metaworld('plate-slide-v3', 'slide a plate along the table into a goal net', () => new PlateSlideV3()),
  metaworld('plate-slide-side-v3', 'slide a plate sideways into a goal net', () => new PlateSlideSideV3()),
  metaworld('plate-slide-back-v3', 'slide a plate out of a goal net back toward the robot', () => new PlateSlideBackV3()),
  metaworld('plate-slide-back-side-v3', 'slide a plate sideways out of a goal net', () => new PlateSlideBackSideV3()),
  metaworld('handle-press-v3', 'press a handle down', () => new HandlePressV3()),
  metaworld('handle-press-side-v3', 'press a handle down, its housing turned sideways', () => new HandlePressSideV3()),
  metaworld('handle-pull-v3', 'pull a pressed-down handle up', () => new HandlePullV3()),
  metaworld('handle-pull-side-v3', 'pull a pressed-down handle up, its housing turned sideways', () => new HandlePullSideV3()),
];

/** Every task armkit ships, by versioned id. */
export const TASKS = new Registry<TaskEntry>('task', ENTRIES.map((e) => [e.id, e] as const));
