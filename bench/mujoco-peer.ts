import loadMujocoFactory, { type MainModule, type MjData, type MjModel } from 'mujoco-js';
import { ArmkitError, InvalidArgumentError } from '../errors.js';
import { type Vec3, vec3 } from '../math/vec3.js';
import { PANDA_SCENE_NAMES, type PandaSceneOptions, pandaSceneMjcf } from './panda-mjcf.js';

/** MuJoCo could not load, compile or stably step the peer scene; the message carries MuJoCo's own. */
export class MujocoPeerError extends ArmkitError {}

/** Inputs of runMujocoPeer; see MUJOCO_PEER_DEFAULTS for the optional ones. */
export interface MujocoPeerOptions {
  /** One entry per control step: 7 arm joint targets (rad) then 2 finger targets (m). */
  targets: readonly ArrayLike<number>[];
  /** Initial 7 arm + 2 finger joint positions. */
  restQpos: readonly number[];
  /** Control rate, Hz. */
  controlHz?: number;
  /** Physics timestep, s; 1 / (controlHz * timestep) must be a whole number. */
  timestep?: number;
  /** Cube centre in the world xy plane, m; it starts resting on the table. */
  cubeXy?: readonly [number, number];
}

/** What one runMujocoPeer trajectory took, and where it left the TCP and the cube. */
export interface MujocoPeerResult {
  /** Control steps run (targets.length). */
  controlSteps: number;
  /** mj_step calls. */
  physicsSteps: number;
  /** Wall time of the stepping loop only (setting ctrl and mj_step), s. */
  seconds: number;
  /** controlSteps / seconds. */
  controlStepsPerSec: number;
  /** physicsSteps / seconds. */
  physicsStepsPerSec: number;
  /** mj_versionString() of the loaded WASM build. */
  mujocoVersion: string;
  /** TCP position at the end, world frame, m. */
  tcpFinal: Vec3;
  /** Cube centre at the end, world frame, m. */
  cubeFinal: Vec3;
}

/** Defaults of MujocoPeerOptions: ManiSkill's 20 Hz control over MuJoCo's 2 ms step, cube at the origin. */
export const MUJOCO_PEER_DEFAULTS = {
  controlHz: 20,
  timestep: 0.002,
  cubeXy: [0, 0] as readonly [number, number],
};

/** Number of actuated joints: 7 arm joints then 2 fingers. */
const NU = PANDA_SCENE_NAMES.actuatedJoints.length;

/**
 * Steps MuJoCo through `targets` (one position target vector per control step) with the Panda
 * scene of pandaSceneMjcf, starting from `restQpos` with the cube at `cubeXy`, and times the
 * stepping loop. Model and data are built before the clock starts and freed before returning.
 * @throws InvalidArgumentError on targets or qpos of the wrong length or with non-finite values,
 *   or a controlHz that does not divide the physics rate; MujocoPeerError when MuJoCo rejects the
 *   model or the simulation blows up.
 */
export async function runMujocoPeer(opts: MujocoPeerOptions): Promise<MujocoPeerResult> {
  const controlHz = opts.controlHz ?? MUJOCO_PEER_DEFAULTS.controlHz;
  const timestep = opts.timestep ?? MUJOCO_PEER_DEFAULTS.timestep;
  const cubeXy = opts.cubeXy ?? MUJOCO_PEER_DEFAULTS.cubeXy;
  const substeps = physicsStepsPerControl(controlHz, timestep);
  opts.targets.forEach((t, i) => checkVector(t, NU, `targets[${i}]`));
  using scene = await MujocoPandaScene.create({ timestep });
  scene.reset(opts.restQpos, cubeXy);
  const start = performance.now();
  for (const t of opts.targets) {
    scene.setTargets(t);
    scene.step(substeps);
  }
  const seconds = (performance.now() - start) / 1000;
  scene.checkStable();
  const controlSteps = opts.targets.length;
  const physicsSteps = controlSteps * substeps;
  return {
    controlSteps,
    physicsSteps,
    seconds,
    controlStepsPerSec: controlSteps / seconds,
    physicsStepsPerSec: physicsSteps / seconds,
    mujocoVersion: scene.mujocoVersion,
    tcpFinal: scene.tcpPosition(),
    cubeFinal: scene.cubePosition(),
  };
}

/**
 * The Panda scene of pandaSceneMjcf loaded in MuJoCo: one model and its data, with the joint
 * addresses resolved by name. Owns WASM memory: call free() (or `using`) when done.
 */
export class MujocoPandaScene implements Disposable {
  private readonly mj: MainModule;
  private readonly model: MjModel;
  private readonly data: MjData;
  /** qpos address of each actuated joint, in ctrl order. */
  private readonly qposAdr: Int32Array;
  private readonly cubeAdr: number;
  private readonly cubeHalfSize: number;
  private readonly tcpSite: number;

  /** Loads the shared MuJoCo module (once per process) and compiles the scene. @throws MujocoPeerError */
  static async create(options: Partial<PandaSceneOptions> = {}): Promise<MujocoPandaScene> {
    const mj = await mujocoModule();
    return new MujocoPandaScene(mj, loadModel(mj, pandaSceneMjcf(options)));
  }

  private constructor(mj: MainModule, model: MjModel) {
    this.mj = mj;
    this.model = model;
    try {
      this.data = new mj.MjData(model);
      if (model.nu !== NU) throw new MujocoPeerError(`MuJoCo Panda scene: expected ${NU} actuators, the model has ${model.nu}`);
      const jntAdr = model.jnt_qposadr as Int32Array;
      this.qposAdr = Int32Array.from(PANDA_SCENE_NAMES.actuatedJoints, (name) => jntAdr[this.id(mj.mjtObj.mjOBJ_JOINT.value, name)]!);
      this.cubeAdr = jntAdr[this.id(mj.mjtObj.mjOBJ_JOINT.value, PANDA_SCENE_NAMES.cubeJoint)]!;
      this.cubeHalfSize = (model.geom_size as Float64Array)[3 * this.id(mj.mjtObj.mjOBJ_GEOM.value, PANDA_SCENE_NAMES.cubeGeom)]!;
      this.tcpSite = this.id(mj.mjtObj.mjOBJ_SITE.value, PANDA_SCENE_NAMES.tcpSite);
    } catch (e) {
      this.free();
      throw e;
    }
  }

  /** mj_versionString() of the loaded build, e.g. "3.3.8". */
  get mujocoVersion(): string {
    return this.mj.mj_versionString();
  }

  /** Simulated time since the last reset, s. */
  get time(): number {
    return this.data.time;
  }

  /**
   * Back to rest: `qpos` (7 arm + 2 finger values) with zero velocity, the same values as
   * actuator targets, the cube upright and at rest on the table at `cubeXy`; kinematics updated.
   */
  reset(qpos: readonly number[], cubeXy: readonly [number, number]): void {
    checkVector(qpos, NU, 'restQpos');
    checkVector(cubeXy, 2, 'cubeXy');
    this.mj.mj_resetData(this.model, this.data);
    const q = this.data.qpos as Float64Array;
    for (let i = 0; i < NU; i++) q[this.qposAdr[i]!] = qpos[i]!;
    const c = this.cubeAdr;
    q.set([cubeXy[0], cubeXy[1], this.cubeHalfSize, 1, 0, 0, 0], c);
    this.setTargets(qpos);
    this.mj.mj_forward(this.model, this.data);
  }

  /** Sets the 9 actuator targets (arm rad, fingers m). Unchecked: callers at the edge check. */
  setTargets(targets: ArrayLike<number>): void {
    // Re-read the view each time: a WASM memory growth would detach a cached one.
    const ctrl = this.data.ctrl as Float64Array;
    for (let i = 0; i < NU; i++) ctrl[i] = targets[i]!;
  }

  /** `n` physics steps. */
  step(n: number): void {
    const { mj, model, data } = this;
    for (let k = 0; k < n; k++) mj.mj_step(model, data);
  }

  /** The 9 actuated joint positions, ctrl order, written into `target`. */
  jointPositions(target: Float64Array = new Float64Array(NU)): Float64Array {
    const q = this.data.qpos as Float64Array;
    for (let i = 0; i < NU; i++) target[i] = q[this.qposAdr[i]!]!;
    return target;
  }

  /** TCP site position in the world frame, as of the last step or reset. */
  tcpPosition(target: Vec3 = vec3()): Vec3 {
    const x = this.data.site_xpos as Float64Array;
    const i = 3 * this.tcpSite;
    target.x = x[i]!;
    target.y = x[i + 1]!;
    target.z = x[i + 2]!;
    return target;
  }

  /** Cube centre in the world frame. */
  cubePosition(target: Vec3 = vec3()): Vec3 {
    const q = this.data.qpos as Float64Array;
    target.x = q[this.cubeAdr]!;
    target.y = q[this.cubeAdr + 1]!;
    target.z = q[this.cubeAdr + 2]!;
    return target;
  }

  /**
   * @throws MujocoPeerError when MuJoCo flagged a NaN/Inf/huge qpos, qvel, qacc or ctrl since the
   *   last reset: it then silently resets the state, so a run would otherwise look fine.
   */
  checkStable(): void {
    const { mjtWarning } = this.mj;
    const kinds = [mjtWarning.mjWARN_BADQPOS, mjtWarning.mjWARN_BADQVEL, mjtWarning.mjWARN_BADQACC, mjtWarning.mjWARN_BADCTRL];
    const warnings = this.data.warning;
    try {
      for (const kind of kinds) {
        const stat = warnings.get(kind.value);
        if (!stat) continue;
        const { number, lastinfo } = stat;
        stat.delete();
        if (number > 0) throw new MujocoPeerError(`MuJoCo Panda scene went unstable: ${this.mj.mju_warningText(kind.value, lastinfo)} (${number} times)`);
      }
    } finally {
      warnings.delete();
    }
  }

  /** Frees the MuJoCo data and model; idempotent. */
  free(): void {
    // `data` is unset when the constructor failed before allocating it.
    const data = this.data as MjData | undefined;
    if (data && !data.isDeleted()) data.delete();
    if (!this.model.isDeleted()) this.model.delete();
  }

  /** Same as free(), for `using`. */
  [Symbol.dispose](): void {
    this.free();
  }

  private id(type: number, name: string): number {
    const id = this.mj.mj_name2id(this.model, type, name);
    if (id < 0) throw new MujocoPeerError(`MuJoCo Panda scene: no element "${name}" of type ${type}`);
    return id;
  }
}

/** Physics steps per control step. @throws InvalidArgumentError unless a positive whole number. */
function physicsStepsPerControl(controlHz: number, timestep: number): number {
  const exact = 1 / (controlHz * timestep);
  const n = Math.round(exact);
  if (!(controlHz > 0 && timestep > 0) || n < 1 || Math.abs(n - exact) > 1e-9 * exact) {
    throw new InvalidArgumentError(`runMujocoPeer: 1 / (controlHz * timestep) must be a whole number >= 1, got controlHz ${controlHz}, timestep ${timestep}`);
  }
  return n;
}

function checkVector(v: ArrayLike<number>, n: number, what: string): void {
  if (v.length !== n) throw new InvalidArgumentError(`MuJoCo peer: ${what} must hold ${n} numbers, got ${v.length}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(v[i])) throw new InvalidArgumentError(`MuJoCo peer: ${what}[${i}] must be finite, got ${v[i]}`);
  }
}

// One module per process: instantiating the 11 MB WASM build takes ~0.1 s. MuJoCo reports load
// errors through stdout, so its output is kept here to put in the thrown error instead.
let mujoco: Promise<MainModule> | null = null;
const mujocoOutput: string[] = [];
const VFS_DIR = '/armkit';

function mujocoModule(): Promise<MainModule> {
  mujoco ??= loadMujocoFactory({ print: keepOutput, printErr: keepOutput }).then((mj) => {
    mj.FS.mkdir(VFS_DIR);
    return mj;
  });
  return mujoco;
}

function keepOutput(line: string): void {
  mujocoOutput.push(line);
  if (mujocoOutput.length > 50) mujocoOutput.shift();
}

let nextFile = 0;

/** Compiles an MJCF string through MuJoCo's virtual file system. @throws MujocoPeerError */
function loadModel(mj: MainModule, xml: string): MjModel {
  const path = `${VFS_DIR}/scene-${nextFile++}.xml`;
  mujocoOutput.length = 0;
  mj.FS.writeFile(path, xml);
  let model: MjModel | null;
  try {
    model = mj.MjModel.loadFromXML(path);
  } catch (e) {
    // Parse errors come back as null with a printed message; mjXError/mjCError (bad element,
    // failed compile) escape as C++ exceptions whose message is not bound.
    throw new MujocoPeerError(`MuJoCo rejected the scene: ${cppErrorMessage(mj, e)}`, { cause: e });
  } finally {
    mj.FS.unlink(path);
  }
  if (!model) throw new MujocoPeerError(`MuJoCo could not parse the scene: ${mujocoOutput.join('\n').trim()}`);
  return model;
}

/** Emscripten exception helpers the build exports but its typings leave out. */
interface CppExceptionRuntime {
  getExceptionMessage(ptr: number): [type: string, message: string | undefined];
  incrementExceptionRefcount(ptr: number): void;
  decrementExceptionRefcount(ptr: number): void;
}

/**
 * The text of a MuJoCo C++ exception. mjXError and mjCError both begin with their `char
 * message[]`, so the string sits at the exception pointer; the heap is reached through the
 * buffer of any bound array (the build exports no HEAPU8). The exception is then freed.
 */
function cppErrorMessage(mj: MainModule, e: unknown): string {
  const ptr = (e as { excPtr?: unknown }).excPtr;
  if (typeof ptr !== 'number') return String(e);
  const rt = mj as MainModule & CppExceptionRuntime;
  const [type] = rt.getExceptionMessage(ptr);
  const probe = loadModel(mj, '<mujoco/>');
  const heap = new Uint8Array((probe.body_pos as Float64Array).buffer);
  probe.delete();
  const bytes = heap.subarray(ptr, ptr + 1000);
  const end = bytes.indexOf(0);
  const text = new TextDecoder().decode(bytes.subarray(0, end < 0 ? bytes.length : end)).trim();
  // Thrown C++ exceptions start at refcount 0; a +1/-1 pair runs their destructor and frees them.
  rt.incrementExceptionRefcount(ptr);
  rt.decrementExceptionRefcount(ptr);
  return `${type}: ${text}`;
}
