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

const ENTRIES: TaskEntry[] = [
  {
    id: 'PickCube-v1',
    family: 'ManiSkill',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: 'pick up a 4 cm cube and hold it at a goal position',
    create: () => new PickCube(),
  },
  {
    id: 'PushCube-v1',
    family: 'ManiSkill',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: 'push a 4 cm cube along +x into a 10 cm goal disc',
    create: () => new PushCube(),
  },
  {
    id: 'StackCube-v1',
    family: 'ManiSkill',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: 'pick up a red 4 cm cube, stack it on a green one and let go',
    create: () => new StackCube(),
  },
  {
    id: 'PullCube-v1',
    family: 'ManiSkill',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: 'pull a 4 cm cube along -x, toward the robot, into a 10 cm goal disc',
    create: () => new PullCube(),
  },
  {
    id: 'StackPyramid-v1',
    family: 'ManiSkill',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: 'set a red 4 cm cube beside a green one and stack a blue one on both',
    create: () => new StackPyramid(),
  },
  {
    id: 'PokeCube-v1',
    family: 'ManiSkill',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: "grasp a peg and push a 4 cm cube with the peg's head into a 5 cm goal disc",
    create: () => new PokeCube(),
  },
  {
    id: 'PullCubeTool-v1',
    family: 'ManiSkill',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: "grasp an L-shaped tool's handle and pull an out-of-reach 4 cm cube back with its hook",
    create: () => new PullCubeTool(),
  },
  {
    id: 'LiftPegUpright-v1',
    family: 'ManiSkill',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: 'stand a 24 cm peg lying on the table upright on its end',
    create: () => new LiftPegUpright(),
  },
  {
    id: 'PlaceSphere-v1',
    family: 'ManiSkill',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: 'pick up a 4 cm sphere and place it into a shallow bin',
    create: () => new PlaceSphere(),
  },
  {
    id: 'RollBall-v1',
    family: 'ManiSkill',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: 'push a 7 cm ball so that it rolls about 1.4 m into a 10 cm goal disc',
    // ManiSkill's whole 2.4 m table: the goal lies at its far end.
    sim: { table: ROLL_BALL_TABLE },
    create: () => new RollBall(),
  },
  {
    id: 'PushT-v1',
    family: 'ManiSkill',
    robot: 'panda_stick',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: 'push a T-shaped block with a stick to cover a goal T (90% of its area)',
    sim: { armMotion: 'even' },
    create: () => new PushT(),
  },
  {
    id: 'PegInsertionSide-v1',
    family: 'ManiSkill',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: 'grasp a square peg and insert it sideways, half way, into a box with a 3 mm clearance hole',
    create: () => new PegInsertionSide(),
  },
  {
    id: 'PlugCharger-v1',
    family: 'ManiSkill',
    robot: 'panda',
    defaultControlMode: 'pd_joint_delta_pos',
    summary: "grasp a charger and plug its two pins into a receptacle's holes (0.5 mm clearance)",
    create: () => new PlugCharger(),
  },
  {
    id: 'reach-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "move the hand to a goal in the air (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new ReachV3(),
  },
  {
    id: 'push-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "move a cylinder to a goal on the table (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new PushV3(),
  },
  {
    id: 'pick-place-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "pick up a cylinder and bring it to a goal in the air (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new PickPlaceV3(),
  },
  {
    id: 'peg-insert-side-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld_back',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "pick up a square peg and push its head sideways into a box's hole (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new PegInsertSideV3(),
  },
  {
    id: 'drawer-open-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "pull a drawer out of its case by the handle (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new DrawerOpenV3(),
  },
  {
    id: 'drawer-close-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "push an open drawer shut (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new DrawerCloseV3(),
  },
  {
    id: 'door-open-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "swing a safe's door open toward the robot (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new DoorOpenV3(),
  },
  {
    id: 'button-press-topdown-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "press a button down into its box from above (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new ButtonPressTopdownV3(),
  },
  {
    id: 'window-open-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "slide a window's sash open by its handle (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new WindowOpenV3(),
  },
  {
    id: 'window-close-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "slide an open window's sash shut by its handle (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new WindowCloseV3(),
  },
  {
    id: 'button-press-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "press a button that faces the robot into its box (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new ButtonPressV3(),
  },
  {
    id: 'button-press-wall-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "press a button that faces the robot, behind a low wall (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new ButtonPressWallV3(),
  },
  {
    id: 'reach-wall-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "move the hand to a goal in the air behind a low wall (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new ReachWallV3(),
  },
  {
    id: 'button-press-topdown-wall-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "press a button down into its box from above, behind a low wall (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new ButtonPressTopdownWallV3(),
  },
  {
    id: 'push-wall-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "move a cylinder to a goal on the table behind a low wall (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new PushWallV3(),
  },
  {
    id: 'pick-place-wall-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "pick up a cylinder and bring it to a goal in the air behind a low wall (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new PickPlaceWallV3(),
  },
  {
    id: 'plate-slide-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "slide a plate along the table into a goal net (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new PlateSlideV3(),
  },
  {
    id: 'plate-slide-side-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "slide a plate sideways into a goal net (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new PlateSlideSideV3(),
  },
  {
    id: 'plate-slide-back-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "slide a plate out of a goal net back toward the robot (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new PlateSlideBackV3(),
  },
  {
    id: 'plate-slide-back-side-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "slide a plate sideways out of a goal net (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new PlateSlideBackSideV3(),
  },
  {
    id: 'handle-press-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "press a handle down (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new HandlePressV3(),
  },
  {
    id: 'handle-press-side-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "press a handle down, its housing turned sideways (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new HandlePressSideV3(),
  },
  {
    id: 'handle-pull-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "pull a pressed-down handle up (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new HandlePullV3(),
  },
  {
    id: 'handle-pull-side-v3',
    family: 'Meta-World',
    robot: 'panda_metaworld',
    defaultControlMode: 'pd_ee_delta_pos',
    summary: "pull a pressed-down handle up, its housing turned sideways (Meta-World's 4-d action)",
    sim: METAWORLD_SIM,
    create: () => new HandlePullSideV3(),
  },
];

/** Every task armkit ships, by versioned id. */
export const TASKS = new Registry<TaskEntry>('task', ENTRIES.map((e) => [e.id, e] as const));
