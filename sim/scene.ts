import type { Pose } from '../math/pose.js';
import type { Vec3 } from '../math/vec3.js';
import type { Robot } from '../robot/robot.js';
import { OBJECT_GROUPS, STATIC_GROUPS } from './collision-groups.js';
import { RAPIER } from './rapier.js';
import { type JointedOptions, type JointSpec, jointPosition, movingPose } from './jointed-object.js';
import type { PlanarOptions } from './planar-object.js';
import { SimArm, type SimArmState } from './sim-arm.js';
import { type SimConfig, simStepsPerControl } from './sim-config.js';
import { SimError } from './sim-errors.js';

/** Everything needed to put a scene back exactly: the Rapier world bytes and the arm's joints. */
export interface SceneState {
  world: Uint8Array;
  arm: SimArmState;
}

/** How a task object is made, whatever its shape. */
export interface ObjectOptions {
  pose: Pose;
  /** 'dynamic' (default) or 'fixed'. */
  type?: 'dynamic' | 'fixed';
  /** kg/m^3, default 1000 (ManiSkill's default density). */
  density?: number;
  /** Mass (kg) and principal moments of inertia (kg m^2) about the centre (the body's origin unless given), instead of a density. */
  mass?: { mass: number; inertia: Vec3; centre?: Vec3 };
  friction?: number;
}

/** How a box object is made. */
export interface BoxOptions extends ObjectOptions {
  halfExtents: Vec3;
}

/** How an upright cylinder (axis along the body's z) is made. */
export interface CylinderOptions extends ObjectOptions {
  radius: number;
  halfHeight: number;
}

/** How a sphere is made. */
export interface SphereOptions extends ObjectOptions {
  radius: number;
}

/** One box of a compound object, in the object's frame. */
export interface BoxPart {
  halfExtents: Vec3;
  /** Pose of the box's centre in the object's frame. */
  at: Pose;
}

/** How an object of several boxes (a T block, an L tool, a bin, a plug) is made. */
export interface CompoundOptions extends ObjectOptions {
  parts: readonly BoxPart[];
}

// Rapier's cylinders stand along their local y; a quarter turn about x stands them along z.
const Y_TO_Z = { w: Math.SQRT1_2, x: Math.SQRT1_2, y: 0, z: 0 };

/**
 * A table-top Rapier world: a table whose top is the plane z = 0, an arm driven kinematically,
 * and named task objects. Owns the world: call free() (or `using`) when done.
 */
export class Scene implements Disposable {
  /** The arm. */
  readonly arm: SimArm;
  /** Physics step, s. */
  readonly dt: number;
  /** Physics steps per control step. */
  readonly substeps: number;
  private current: RAPIER.World;
  private readonly objects = new Map<string, { body: number; colliders: number[] }>();
  private readonly joints = new Map<string, { base: string; movingAt: Vec3; spec: JointSpec }>();
  private readonly planars = new Map<string, { carriage: number; o: PlanarOptions }>();
  private stepped = false;

  constructor(readonly robot: Robot, readonly config: SimConfig) {
    this.substeps = simStepsPerControl(config);
    this.dt = 1 / config.simHz;
    this.current = new RAPIER.World({ x: 0, y: 0, z: config.gravity });
    this.configure(this.current);
    const table = config.table;
    this.addBox('table', {
      type: 'fixed',
      halfExtents: { ...table.halfExtents, z: 0.05 },
      pose: { p: { ...table.center, z: -0.05 }, q: { w: 1, x: 0, y: 0, z: 0 } },
      friction: 1,
    });
    this.arm = new SimArm(this.current, robot, robot.description.rest.qpos);
  }

  /** The live Rapier world (replaced by restore()). */
  get world(): RAPIER.World {
    return this.current;
  }

  /** Add a named box; returns its body. */
  addBox(name: string, o: BoxOptions): RAPIER.RigidBody {
    return this.addObject(name, [RAPIER.ColliderDesc.cuboid(o.halfExtents.x, o.halfExtents.y, o.halfExtents.z)], o);
  }

  /** Add a named upright cylinder; returns its body. */
  addCylinder(name: string, o: CylinderOptions): RAPIER.RigidBody {
    return this.addObject(name, [RAPIER.ColliderDesc.cylinder(o.halfHeight, o.radius).setRotation(Y_TO_Z)], o);
  }

  /** Add a named sphere; returns its body. */
  addSphere(name: string, o: SphereOptions): RAPIER.RigidBody {
    return this.addObject(name, [RAPIER.ColliderDesc.ball(o.radius)], o);
  }

  /** Add a named object made of boxes (one body; a density or mass is shared by its parts); returns its body. */
  addCompound(name: string, o: CompoundOptions): RAPIER.RigidBody {
    if (o.parts.length === 0) throw new SimError(`compound object "${name}" has no parts`);
    const shapes = o.parts.map((part) =>
      RAPIER.ColliderDesc.cuboid(part.halfExtents.x, part.halfExtents.y, part.halfExtents.z).setTranslation(part.at.p.x, part.at.p.y, part.at.p.z).setRotation(part.at.q),
    );
    return this.addObject(name, shapes, o);
  }

  private addObject(name: string, shapes: RAPIER.ColliderDesc[], o: ObjectOptions): RAPIER.RigidBody {
    if (this.objects.has(name)) throw new SimError(`scene object "${name}" already exists`);
    const fixed = o.type === 'fixed';
    const bodyDesc = (fixed ? RAPIER.RigidBodyDesc.fixed() : RAPIER.RigidBodyDesc.dynamic().setCanSleep(false))
      .setTranslation(o.pose.p.x, o.pose.p.y, o.pose.p.z)
      .setRotation(o.pose.q);
    const body = this.current.createRigidBody(bodyDesc);
    const colliders = shapes.map((shape, i) => {
      if (o.mass && i === 0) shape.setMassProperties(o.mass.mass, o.mass.centre ?? ZERO, o.mass.inertia, { w: 1, x: 0, y: 0, z: 0 });
      else if (o.mass) shape.setMass(0);
      else shape.setDensity(o.density ?? 1000);
      return this.current.createCollider(shape.setFriction(o.friction ?? 1).setCollisionGroups(fixed ? STATIC_GROUPS : OBJECT_GROUPS), body).handle;
    });
    this.objects.set(name, { body: body.handle, colliders });
    this.stepped = false;
    return body;
  }

  /**
   * Add a jointed object: its fixed base as `${name}-base` and its moving body as `name`, joined
   * by a Rapier impulse joint with the spec's limits, and its damping and spring as a force-based
   * motor (force = stiffness (springRef - q) - damping q', as MuJoCo's passive joint forces). The
   * two bodies do not collide with each other (MuJoCo excludes a body's contacts with its parent).
   * Returns the moving body.
   */
  addJointed(name: string, o: JointedOptions): RAPIER.RigidBody {
    const j = o.joint;
    if (!(j.range[0] <= 0 && j.range[1] >= 0)) throw new SimError(`jointed object "${name}": expected a range containing 0, got [${j.range[0]}, ${j.range[1]}]`);
    if (Math.abs(Math.hypot(j.axis.x, j.axis.y, j.axis.z) - 1) > 1e-9) throw new SimError(`jointed object "${name}": expected a unit axis, got (${j.axis.x}, ${j.axis.y}, ${j.axis.z})`);
    const base = this.addCompound(`${name}-base`, { type: 'fixed', parts: o.base, pose: o.pose, friction: o.friction });
    const at = movingPose(o.pose, o.movingAt, j, 0, { p: { x: 0, y: 0, z: 0 }, q: { w: 1, x: 0, y: 0, z: 0 } });
    const moving = this.addCompound(name, { parts: o.moving, pose: at, mass: o.mass, friction: o.friction });
    const data = j.type === 'prismatic' ? RAPIER.JointData.prismatic(o.movingAt, ZERO, j.axis) : RAPIER.JointData.revolute(o.movingAt, ZERO, j.axis);
    const joint = this.current.createImpulseJoint(data, base, moving, true) as RAPIER.UnitImpulseJoint;
    joint.setContactsEnabled(false);
    joint.setLimits(j.range[0], j.range[1]);
    joint.configureMotorModel(RAPIER.MotorModel.ForceBased);
    joint.configureMotor(j.springRef ?? 0, 0, j.stiffness ?? 0, j.damping);
    this.joints.set(name, { base: `${name}-base`, movingAt: { ...o.movingAt }, spec: j });
    return moving;
  }

  /** The joint position (m or rad) of a jointed object, read off its two bodies' poses. */
  jointPosition(name: string): number {
    const j = this.joint(name);
    return jointPosition(bodyPose(this.body(j.base)), bodyPose(this.body(name)), j.movingAt, j.spec);
  }

  /** Put a jointed object's moving body at joint position `q` (clamped to the range), at rest. */
  setJointPosition(name: string, q: number): void {
    const j = this.joint(name);
    const clamped = Math.min(j.spec.range[1], Math.max(j.spec.range[0], q));
    this.placeObject(name, movingPose(bodyPose(this.body(j.base)), j.movingAt, j.spec, clamped, { p: { x: 0, y: 0, z: 0 }, q: { w: 1, x: 0, y: 0, z: 0 } }));
  }

  /**
   * Add an object that slides in x and y without turning (planar-object.ts), named `name`: a
   * fixed anchor, a carriage on an x slide from it, and the object on a y slide from the
   * carriage, each slide a Rapier prismatic impulse joint with its range and its damping as a
   * force-based motor. The object's height and rotation are locked, as the two slides are all the
   * freedom MuJoCo gives it; a lock also means the table never takes its weight or rubs it.
   * Returns the object's body.
   */
  addPlanar(name: string, o: PlanarOptions): RAPIER.RigidBody {
    for (const [axis, r] of [['x', o.x], ['y', o.y]] as const) {
      if (!(r[0] <= 0 && r[1] >= 0)) throw new SimError(`planar object "${name}": expected a ${axis} range containing 0, got [${r[0]}, ${r[1]}]`);
    }
    const at = { p: { ...o.at }, q: { w: 1, x: 0, y: 0, z: 0 } };
    const anchor = this.current.createRigidBody(RAPIER.RigidBodyDesc.fixed().setTranslation(o.at.x, o.at.y, o.at.z));
    const carriage = this.current.createRigidBody(
      RAPIER.RigidBodyDesc.dynamic()
        .setCanSleep(false)
        .setTranslation(o.at.x, o.at.y, o.at.z)
        .enabledTranslations(true, false, false)
        .lockRotations()
        .setAdditionalMassProperties(o.carriageMass, ZERO, { x: 1e-9, y: 1e-9, z: 1e-9 }, { w: 1, x: 0, y: 0, z: 0 }),
    );
    const moving = this.addCompound(name, { parts: o.parts, pose: at, mass: o.mass, friction: o.friction });
    moving.setEnabledTranslations(true, true, false, true);
    moving.lockRotations(true, true);
    const slide = (a: RAPIER.RigidBody, b: RAPIER.RigidBody, axis: Vec3, range: readonly [number, number]) => {
      const joint = this.current.createImpulseJoint(RAPIER.JointData.prismatic(ZERO, ZERO, axis), a, b, true) as RAPIER.UnitImpulseJoint;
      joint.setContactsEnabled(false);
      joint.setLimits(range[0], range[1]);
      joint.configureMotorModel(RAPIER.MotorModel.ForceBased);
      joint.configureMotor(0, 0, 0, o.damping);
    };
    slide(anchor, carriage, { x: 1, y: 0, z: 0 }, o.x);
    slide(carriage, moving, { x: 0, y: 1, z: 0 }, o.y);
    this.planars.set(name, { carriage: carriage.handle, o: { ...o, at: { ...o.at } } });
    return moving;
  }

  /** A planar object's slide positions (m from its `at`), into `target`. */
  planarPosition(name: string, target: { x: number; y: number }): { x: number; y: number } {
    const { o } = this.planar(name);
    const p = this.body(name).translation();
    target.x = p.x - o.at.x;
    target.y = p.y - o.at.y;
    return target;
  }

  /** Put a planar object at slide positions (x, y) (each clamped to its range), at rest. */
  setPlanarPosition(name: string, x: number, y: number): void {
    const { carriage, o } = this.planar(name);
    const qx = Math.min(o.x[1], Math.max(o.x[0], x));
    const qy = Math.min(o.y[1], Math.max(o.y[0], y));
    const c = this.current.getRigidBody(carriage);
    c.setTranslation({ x: o.at.x + qx, y: o.at.y, z: o.at.z }, true);
    c.setLinvel(ZERO, true);
    this.placeObject(name, { p: { x: o.at.x + qx, y: o.at.y + qy, z: o.at.z }, q: { w: 1, x: 0, y: 0, z: 0 } });
  }

  /** Move a jointed object's base (and its moving body, keeping the joint position) to `pose`, at rest. */
  placeJointed(name: string, basePose: Pose): void {
    const j = this.joint(name);
    const q = this.jointPosition(name);
    const b = this.body(j.base);
    b.setTranslation(basePose.p, true);
    b.setRotation(basePose.q, true);
    this.setJointPosition(name, q);
  }

  /**
   * Give a box or compound object new boxes, part for part (same count), keeping its body, its
   * colliders' handles and its density: tasks whose objects change size at every reset
   * (ManiSkill draws some sizes per episode) reshape them instead of rebuilding the scene.
   */
  reshapeBoxes(name: string, parts: readonly BoxPart[], density = 1000): void {
    const handles = this.handles(name).colliders;
    if (parts.length !== handles.length) throw new SimError(`object "${name}" has ${handles.length} boxes, ${parts.length} given`);
    parts.forEach((part, i) => {
      const c = this.current.getCollider(handles[i]!);
      c.setShape(new RAPIER.Cuboid(part.halfExtents.x, part.halfExtents.y, part.halfExtents.z));
      c.setTranslationWrtParent(part.at.p);
      c.setRotationWrtParent(part.at.q);
      c.setDensity(density);
    });
  }

  /** The body of a named object. */
  body(name: string): RAPIER.RigidBody {
    return this.current.getRigidBody(this.handles(name).body);
  }

  /** The (first) collider of a named object. */
  collider(name: string): RAPIER.Collider {
    return this.current.getCollider(this.handles(name).colliders[0]!);
  }

  /** The collider handles of a named object (one per part of a compound). */
  colliders(name: string): readonly number[] {
    return this.handles(name).colliders;
  }

  /** Names of the dynamic task objects, in creation order. */
  dynamicObjects(): string[] {
    return [...this.objects.keys()].filter((name) => this.body(name).isDynamic());
  }

  /** Place a dynamic object at `pose`, at rest. */
  placeObject(name: string, pose: Pose): void {
    const b = this.body(name);
    b.setTranslation(pose.p, true);
    b.setRotation(pose.q, true);
    b.setLinvel(ZERO, true);
    b.setAngvel(ZERO, true);
  }

  /** Run one control period: the arm tracks `armTarget`, the fingers aim at `fingerTarget`. */
  stepControl(armTarget: ArrayLike<number>, fingerTarget: number): void {
    this.arm.setFingerTarget(fingerTarget);
    const ws = this.config.workspace;
    this.flagObjectsMoved();
    for (let s = 0; s < this.substeps; s++) {
      this.arm.track(armTarget, this.dt, ws, this.config.armMotion === 'even' ? this.substeps - s : 1);
      this.current.step();
    }
    this.stepped = true;
  }

  /**
   * Mark every dynamic object's colliders as moved, so that the next physics step recomputes
   * all their contact pairs. Without it Rapier (0.20) kept some pairs' manifolds frozen: a stick
   * that had touched a resting T dragged it from 12 mm away, and a cube lowered beside another
   * was pushed by it from 17 mm. Once a control period is enough (every physics step cost 27% of
   * PickCube-v1's steps/s, once about 5%) and it lifted PushT-v1's expert from 1 to 4 of 20
   * seeds, StackPyramid-v1's from 18 to 20 and PokeCube-v1's from 19 to 20.
   */
  private flagObjectsMoved(): void {
    for (const { body, colliders } of this.objects.values()) {
      if (!this.current.getRigidBody(body).isDynamic()) continue;
      for (const h of colliders) {
        const c = this.current.getCollider(h);
        c.setTranslationWrtParent(c.translationWrtParent()!);
      }
    }
  }

  /** Total normal force (N) over the last physics step between two colliders. */
  contactForce(c1: number, c2: number, direction: Vec3 | null = null, minCos = 0): number {
    let impulse = 0;
    const a = this.current.getCollider(c1);
    const b = this.current.getCollider(c2);
    this.current.contactPair(a, b, (m) => {
      if (direction) {
        const n = m.normal();
        if (Math.abs(n.x * direction.x + n.y * direction.y + n.z * direction.z) < minCos) return;
      }
      for (let i = 0; i < m.numContacts(); i++) impulse += m.contactImpulse(i);
    });
    return impulse / this.dt;
  }

  /**
   * Exact copy of the physical state. Colliders created since the last physics step are not in
   * the broad phase yet and a snapshot would lose them there, so a fresh scene takes one step
   * before its first snapshot (episode resets re-place everything anyway).
   */
  save(): SceneState {
    if (!this.stepped) {
      this.current.step();
      this.stepped = true;
    }
    return { world: this.current.takeSnapshot(), arm: this.arm.getState() };
  }

  /** Put back a state from save(); the world object is replaced. */
  restore(state: SceneState): void {
    const world = RAPIER.World.restoreSnapshot(state.world);
    this.configure(world);
    this.current.free();
    this.current = world;
    this.arm.bind(world);
    this.arm.setState(state.arm);
  }

  /** Free the Rapier world. */
  free(): void {
    this.current.free();
  }

  [Symbol.dispose](): void {
    this.free();
  }

  private configure(world: RAPIER.World): void {
    world.timestep = 1 / this.config.simHz;
    world.numSolverIterations = this.config.solverIterations;
    world.numInternalPgsIterations = this.config.pgsIterations;
    world.integrationParameters.contact_natural_frequency = this.config.contactFrequency;
  }

  private planar(name: string): { carriage: number; o: PlanarOptions } {
    const p = this.planars.get(name);
    if (!p) throw new SimError(`scene has no planar object "${name}"; it has: ${[...this.planars.keys()].join(', ') || 'none'}`);
    return p;
  }

  private joint(name: string): { base: string; movingAt: Vec3; spec: JointSpec } {
    const j = this.joints.get(name);
    if (!j) throw new SimError(`scene has no jointed object "${name}"; it has: ${[...this.joints.keys()].join(', ') || 'none'}`);
    return j;
  }

  private handles(name: string): { body: number; colliders: number[] } {
    const h = this.objects.get(name);
    if (!h) throw new SimError(`scene has no object "${name}"; it has: ${[...this.objects.keys()].join(', ')}`);
    return h;
  }
}

const ZERO = { x: 0, y: 0, z: 0 };

function bodyPose(b: RAPIER.RigidBody): Pose {
  return { p: b.translation(), q: b.rotation() };
}
