import { composePose, pose } from '../../math/pose.js';
import { solveIk } from '../../robot/kinematics/solve-ik.js';
import type { ObservationDict } from '../../tasks/env.js';
import { makeSimEnv } from '../../tasks/make-env.js';
import { observationViews, type SimEnv } from '../../tasks/sim-env.js';
import { nowMs } from '../clock.js';
import { MessageCatalog } from '../rosbridge/message-catalog.js';
import type { RosMessage } from '../rosbridge/message-json.js';
import { RosGraph, type TopicEntry } from '../rosbridge/ros-graph.js';
import { registerRosapi } from '../rosbridge/rosapi-services.js';
import { RosbridgeServer } from '../rosbridge/rosbridge-server.js';
import { BurstSchedule, RECORDED_BURSTS } from './burst-schedule.js';
import { CommandAudit } from './command-audit.js';
import { TWIN_TOPICS, type TwinOptions, type TwinTopics } from './twin-config.js';

const MAX_CATCH_UP = 5;

/**
 * The simulated arm served as a ROS robot over rosbridge: the task's scene steps in real time at
 * rateHz, publishing joint states (and the task's observations) every step and tracking the
 * latest joint, trajectory or equilibrium-pose command. The ROS driver and the deploy loop run
 * against it over real WebSockets. close() (or `await using`) frees the port and the sim.
 */
export class TwinServer implements AsyncDisposable {
  /** Commands checked against the audit limits, when given. */
  readonly audit: CommandAudit | null;
  /** The ROS side (for tests: extra peers, raw publishes). */
  readonly graph: RosGraph;
  /** Names served. */
  readonly topics: TwinTopics;
  /** Commands received, by kind. */
  readonly received = { joint: 0, trajectory: 0, pose: 0, gripper: 0, refused: 0 };
  /** Arrival time of the last arm command (nowMs), for tests. */
  lastCommandAt = 0;
  /** When the last joint state left for the bridge (nowMs). */
  lastStateAt = 0;
  private readonly env: SimEnv;
  private readonly target: Float64Array;
  private finger: number;
  private readonly period: number;
  private timer: NodeJS.Timeout | null = null;
  private nextTick = 0;
  private stalled = false;
  private episode = 0;
  private readonly states: { entry: TopicEntry; publish(m: RosMessage): void };
  // Joint states made and not yet delivered (a burst gap), and the messages to reuse.
  private readonly backlog: RosMessage[] = [];
  private readonly pool: RosMessage[] = [];
  private readonly bursts: BurstSchedule | null;
  private readonly extras: { key: string; entry: TopicEntry; publish(m: RosMessage): void; msg: RosMessage }[];
  private readonly dict: ObservationDict;

  private constructor(private readonly options: TwinOptions, readonly server: RosbridgeServer, graph: RosGraph, env: SimEnv) {
    this.graph = graph;
    this.env = env;
    let at = 0;
    const fields = env.task.extraFields.map((f) => ({ key: f.key, size: f.size, offset: (at += f.size) - f.size }));
    this.dict = observationViews(new Float32Array(at), fields);
    this.topics = { ...TWIN_TOPICS, ...options.topics };
    this.audit = options.audit ? new CommandAudit(env.robot, options.audit) : null;
    this.period = 1000 / (options.rateHz ?? 250);
    this.target = new Float64Array(env.robot.chain.dof);
    this.finger = 0.04;
    this.bursts = options.realServer ? new BurstSchedule(RECORDED_BURSTS, options.seed ?? 0, performance.now()) : null;
    this.states = graph.advertise(this.topics.jointStates, 'sensor_msgs/JointState');
    this.extras = env.task.extraFields.map((f) => ({
      key: f.key,
      ...graph.advertise(`${this.topics.observationPrefix}/${f.key}`, 'std_msgs/Float64MultiArray'),
      msg: { layout: { dim: [], data_offset: 0 }, data: new Float64Array(f.size) },
    }));
    this.subscribeCommands();
    graph.advertiseService(this.topics.resetService, 'std_srvs/Trigger', () => ({ success: true, message: `seed ${this.reset()}` }), '/armkit_twin');
    this.reset();
  }

  /** Build the sim, listen, and start stepping. */
  static async start(options: TwinOptions): Promise<TwinServer> {
    const rate = options.rateHz ?? 250;
    const env = makeSimEnv(options.task, { obsMode: 'state_dict', sim: { simHz: rate, controlHz: rate } });
    const graph = new RosGraph(new MessageCatalog(options.rosVersion ?? 1));
    graph.nodes.add('/armkit_twin');
    registerRosapi(graph);
    let server: RosbridgeServer;
    try {
      server = await RosbridgeServer.listen({ graph, port: options.port, host: options.host, token: options.token, log: options.log });
    } catch (e) {
      env.close();
      throw e;
    }
    const twin = new TwinServer(options, server, graph, env);
    twin.nextTick = performance.now();
    twin.schedule();
    return twin;
  }

  /** ws://host:port */
  get url(): string {
    return this.server.url;
  }

  /** The simulated env (tests). */
  get sim(): SimEnv {
    return this.env;
  }

  /**
   * The fault injector: keep stepping but stop (true) or resume (false) publishing joint states,
   * a stalled robot. States held in a burst gap are dropped, never delivered.
   */
  stall(on: boolean): void {
    this.stalled = on;
    if (on) this.backlog.length = 0;
  }

  /** Stop stepping, close the endpoint and free the sim. Safe to call twice. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.server.close();
    if (!this.closed) this.env.close();
    this.closed = true;
  }
  private closed = false;

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private reset(): number {
    const seed = (this.options.seed ?? 0) + this.episode++;
    this.env.reset({ seed });
    this.target.set(this.env.scene.arm.q);
    this.finger = 0.04;
    return seed;
  }

  private schedule(): void {
    const delay = Math.max(0, this.nextTick - performance.now());
    this.timer = setTimeout(() => this.tick(), delay);
  }

  private tick(): void {
    if (this.closed) return;
    let steps = 0;
    const now = performance.now();
    while (this.nextTick <= now && steps < MAX_CATCH_UP) {
      this.env.scene.stepControl(this.target, this.finger);
      this.nextTick += this.period;
      steps++;
    }
    if (this.nextTick <= now) this.nextTick = now + this.period; // fell behind: drop the backlog
    if (steps > 0 && !this.stalled) this.publish();
    this.schedule();
  }

  private publish(): void {
    const scene = this.env.scene;
    this.env.world.refresh();
    const info = this.env.task.evaluate(this.env.world);
    let wanted = false;
    for (const x of this.extras) wanted ||= x.entry.sinks.size > 0;
    if (wanted) {
      this.env.task.observe(this.env.world, info, this.dict);
      for (const x of this.extras) if (x.entry.sinks.size > 0) {
        (x.msg['data'] as Float64Array).set(this.dict[x.key]!);
        x.publish(x.msg);
      }
    }
    const m = this.pool[this.backlog.length] ?? this.newStateMsg();
    const dof = scene.arm.dof;
    const pos = m['position'] as Float64Array;
    const vel = m['velocity'] as Float64Array;
    pos.set(scene.arm.q);
    vel.set(scene.arm.qvel);
    scene.arm.fingerState(this.fingerPos, this.fingerVel);
    pos.set(this.fingerPos, dof);
    // The recorded arm's gripper reported NaN velocities, which rosbridge sends as null.
    if (this.options.realServer) vel.fill(NaN, dof);
    else vel.set(this.fingerVel, dof);
    const at = nowMs();
    const secs = Math.floor(at / 1000);
    const nsecs = Math.round((at - secs * 1000) * 1e6);
    const header = m['header'] as RosMessage;
    const stamp = header['stamp'] as Record<string, number>;
    // ROS 1 headers carry a running sequence number, as a real publisher's do (from 1).
    if ('seq' in header) header['seq'] = ++this.headerSeq;
    if ('secs' in stamp) Object.assign(stamp, { secs, nsecs });
    else Object.assign(stamp, { sec: secs, nanosec: nsecs });
    this.backlog.push(m);
    if (this.bursts && !this.bursts.open(performance.now())) return;
    const out = nowMs();
    for (const s of this.backlog) {
      this.audit?.published((s['position'] as Float64Array).subarray(0, dof), out);
      this.states.publish(s);
    }
    this.backlog.length = 0;
    this.lastStateAt = out;
  }

  private newStateMsg(): RosMessage {
    const d = this.env.robot.description;
    const n = d.armJoints.length + d.gripperJoints.length;
    const m: RosMessage = {
      header: this.graph.catalog.rosVersion === 1 ? { seq: 0, stamp: { secs: 0, nsecs: 0 }, frame_id: '' } : { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
      name: [...d.armJoints, ...d.gripperJoints],
      position: new Float64Array(n),
      velocity: new Float64Array(n),
      effort: new Float64Array(n),
    };
    this.pool.push(m);
    return m;
  }
  private readonly fingerPos = new Float64Array(2);
  private readonly fingerVel = new Float64Array(2);
  private headerSeq = 0;

  private subscribeCommands(): void {
    const g = this.graph;
    const dof = this.env.robot.chain.dof;
    const t = this.topics;
    g.subscribe(t.jointCommand, 'std_msgs/Float64MultiArray', (m) => {
      const data = m['data'] as number[];
      if (data.length !== dof) return this.refuse(`${t.jointCommand}: expected ${dof} positions, got ${data.length}`);
      this.applyJoint(data, `${t.jointCommand}`);
      this.received.joint++;
    });
    g.subscribe(t.jointTrajectory, 'trajectory_msgs/JointTrajectory', (m) => {
      const names = m['joint_names'] as string[];
      const points = m['points'] as { positions: number[] }[];
      const last = points[points.length - 1];
      const arm = this.env.robot.description.armJoints;
      if (!last || last.positions.length !== names.length) return this.refuse(`${t.jointTrajectory}: no point, or positions do not match joint_names`);
      const q = arm.map((j) => last.positions[names.indexOf(j)] ?? NaN);
      if (q.some(Number.isNaN)) return this.refuse(`${t.jointTrajectory}: joint_names must name ${arm.join(', ')}`);
      this.applyJoint(q, t.jointTrajectory);
      this.received.trajectory++;
    });
    g.subscribe(t.equilibriumPose, 'geometry_msgs/PoseStamped', (m) => {
      const p = (m['pose'] as RosMessage)['position'] as Record<string, number>;
      const o = (m['pose'] as RosMessage)['orientation'] as Record<string, number>;
      const goal = pose({ x: p['x']!, y: p['y']!, z: p['z']! }, { w: o['w']!, x: o['x']!, y: o['y']!, z: o['z']! });
      const at = nowMs();
      this.audit?.poseTarget(composePose(this.env.robot.description.rest.basePose, goal), at, t.equilibriumPose);
      const q = Float64Array.from(this.env.scene.arm.q);
      solveIk(this.env.robot.chain, goal, q, { maxIterations: 50 });
      this.target.set(q);
      this.lastCommandAt = at;
      this.received.pose++;
    });
    g.subscribe(t.gripperCommand, 'std_msgs/Float64', (m) => {
      const v = m['data'] as number;
      this.audit?.gripperTarget(v, t.gripperCommand);
      if (Number.isFinite(v)) this.finger = v;
      this.received.gripper++;
    });
  }

  private applyJoint(q: ArrayLike<number>, what: string): void {
    const at = nowMs();
    this.audit?.jointTarget(q, at, what);
    const chain = this.env.robot.chain;
    // The twin's own controller keeps targets inside the joint limits whatever arrives.
    for (let i = 0; i < chain.dof; i++) this.target[i] = Math.min(chain.upper[i]!, Math.max(chain.lower[i]!, Number.isFinite(q[i]!) ? q[i]! : this.target[i]!));
    this.lastCommandAt = at;
  }

  private refuse(line: string): void {
    this.received.refused++;
    this.options.log?.(`[WARN] [twin] ${line}`);
  }
}
