import { Registry } from '../../registry.js';
import type { ControlMode } from '../../robot/controllers/controller-config.js';
import type { BoxSpace } from '../../tasks/space.js';
import type { Policy } from '../policy.js';
import { PickCubeExpert } from './pick-cube-expert.js';
import { SlideCubeExpert } from './slide-cube-expert.js';
import { PokeCubeExpert } from './poke-cube-expert.js';
import { PullCubeToolExpert } from './pull-cube-tool-expert.js';
import { LiftPegUprightExpert } from './lift-peg-upright-expert.js';
import { PlaceSphereExpert } from './place-sphere-expert.js';
import { RollBallExpert } from './roll-ball-expert.js';
import { PegInsertionSideExpert } from './peg-insertion-side-expert.js';
import { PushTExpert } from './push-t-expert.js';
import { PlugChargerExpert } from './plug-charger-expert.js';
import { PushExpert } from './push-v3-expert.js';
import { PickPlaceExpert } from './pick-place-v3-expert.js';
import { PegInsertSideExpert } from './peg-insert-side-v3-expert.js';
import { StackCubeExpert } from './stack-cube-expert.js';
import { StackPyramidExpert } from './stack-pyramid-expert.js';
import { ReachExpert } from './reach-v3-expert.js';
import { DrawerOpenExpert } from './drawer-open-v3-expert.js';
import { DrawerCloseExpert } from './drawer-close-v3-expert.js';
import { ButtonPressTopdownExpert } from './button-press-topdown-v3-expert.js';
import { ButtonPressExpert, COFFEE_BUTTON_FIT } from './button-press-v3-expert.js';
import { ReachWallExpert } from './reach-wall-v3-expert.js';
import { PushWallExpert } from './push-wall-v3-expert.js';
import { DoorOpenExpert } from './door-open-v3-expert.js';
import { WINDOW_CLOSE, WINDOW_OPEN, WindowExpert } from './window-v3-expert.js';
import { DoorCloseExpert } from './door-close-v3-expert.js';
import { DoorLockExpert } from './door-lock-v3-expert.js';
import { DoorUnlockExpert } from './door-unlock-v3-expert.js';
import { CoffeeMugExpert } from './coffee-mug-v3-expert.js';
import { DIAL_LEAD, DIAL_TURN } from './dial-turn-v3-expert.js';
import { LeverPullExpert } from './lever-pull-v3-expert.js';
import { BarTurnExpert } from './bar-turn-expert.js';
import { FAUCET_CLOSE, FAUCET_LEAD, FAUCET_OPEN } from './faucet-v3-expert.js';
import { HANDLE_PRESS, HANDLE_PULL, HANDLE_PULL_SIDE, HandleExpert } from './handle-v3-expert.js';
import { PLATE_SLIDE, PLATE_SLIDE_BACK, PLATE_SLIDE_BACK_SIDE, PLATE_SLIDE_SIDE, PlateSlideExpert } from './plate-slide-v3-expert.js';

/** A task's scripted expert: the control mode it acts in, and how to make it for an env's observation space. */
export interface ScriptedExpert {
  readonly controlMode: ControlMode;
  create(observationSpace: BoxSpace): Policy;
}

/** Scripted experts by task id. */
export const SCRIPTED_EXPERTS = new Registry<ScriptedExpert>('scripted expert', [
  ['PickCube-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new PickCubeExpert(space) }],
  ['PushCube-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new SlideCubeExpert(space, 'push') }],
  ['PegInsertionSide-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new PegInsertionSideExpert(space) }],
  ['PushT-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new PushTExpert(space) }],
  ['reach-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new ReachExpert(space) }],
  ['push-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new PushExpert(space) }],
  ['pick-place-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new PickPlaceExpert(space) }],
  ['peg-insert-side-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new PegInsertSideExpert(space) }],
  ['drawer-open-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new DrawerOpenExpert(space) }],
  ['drawer-close-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new DrawerCloseExpert(space) }],
  ['door-open-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new DoorOpenExpert(space) }],
  ['button-press-topdown-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new ButtonPressTopdownExpert(space) }],
  ['button-press-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new ButtonPressExpert(space) }],
  ['button-press-wall-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new ButtonPressExpert(space, true) }],
  ['reach-wall-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new ReachWallExpert(space) }],
  ['button-press-topdown-wall-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new ButtonPressTopdownExpert(space) }],
  ['push-wall-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new PushWallExpert(space) }],
  ['pick-place-wall-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new PushWallExpert(space) }],
  ['plate-slide-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new PlateSlideExpert(space, PLATE_SLIDE) }],
  ['plate-slide-side-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new PlateSlideExpert(space, PLATE_SLIDE_SIDE) }],
  ['plate-slide-back-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new PlateSlideExpert(space, PLATE_SLIDE_BACK) }],
  ['plate-slide-back-side-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new PlateSlideExpert(space, PLATE_SLIDE_BACK_SIDE) }],
  ['handle-press-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new HandleExpert(space, HANDLE_PRESS) }],
  ['handle-press-side-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new HandleExpert(space, HANDLE_PRESS) }],
  ['handle-pull-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new HandleExpert(space, HANDLE_PULL) }],
  ['handle-pull-side-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new HandleExpert(space, HANDLE_PULL_SIDE) }],
  ['window-open-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new WindowExpert(space, WINDOW_OPEN) }],
  ['window-close-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new WindowExpert(space, WINDOW_CLOSE) }],
  ['StackCube-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new StackCubeExpert(space) }],
  ['StackPyramid-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new StackPyramidExpert(space) }],
  ['PullCube-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new SlideCubeExpert(space, 'pull') }],
  ['PokeCube-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new PokeCubeExpert(space) }],
  ['LiftPegUpright-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new LiftPegUprightExpert(space) }],
  ['PlaceSphere-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new PlaceSphereExpert(space) }],
  ['PlugCharger-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new PlugChargerExpert(space) }],
  ['PullCubeTool-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new PullCubeToolExpert(space) }],
  ['RollBall-v1', { controlMode: 'pd_ee_delta_pose', create: (space) => new RollBallExpert(space) }],
  ['door-close-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new DoorCloseExpert(space) }],
  ['push-back-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new PickPlaceExpert(space) }],
  ['faucet-open-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new BarTurnExpert(space, FAUCET_OPEN, FAUCET_LEAD) }],
  ['faucet-close-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new BarTurnExpert(space, FAUCET_CLOSE, FAUCET_LEAD) }],
  ['door-lock-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new DoorLockExpert(space) }],
  ['door-unlock-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new DoorUnlockExpert(space) }],
  ['coffee-push-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new CoffeeMugExpert(space) }],
  ['coffee-pull-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new CoffeeMugExpert(space) }],
  ['dial-turn-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new BarTurnExpert(space, DIAL_TURN, DIAL_LEAD) }],
  ['lever-pull-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new LeverPullExpert(space) }],
  ['coffee-button-v3', { controlMode: 'pd_ee_delta_pos', create: (space) => new ButtonPressExpert(space, false, COFFEE_BUTTON_FIT) }],
]);
