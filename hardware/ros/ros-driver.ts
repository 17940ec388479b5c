import { Service, Topic } from 'roslib';
import { Robot } from '../../robot/robot.js';
import { ROBOTS } from '../../robot/robots.js';
import { nowMs } from '../clock.js';
import { CommandGate } from '../command-gate.js';
import { ConfigError, ConnectionError, DriverStateError } from '../hardware-errors.js';
import { copyObservation, createObservation, type ActionFeatures, type DriverObservation, type DriverStatus, type FeatureSpec, type JointMoveOptions, type RobotDriver, type SendResult } from '../robot-driver.js';
import type { EStopLatch } from '../safety/estop-latch.js';
import { SafetyLayer } from '../safety/safety-layer.js';
import { COMMAND_TYPES, CommandMessages, rosType } from './command-messages.js';
import { JointStateReader } from './joint-state-reader.js';
import type { RosDriverConfig } from './ros-driver-config.js';
import { RosLink } from './ros-link.js';
import { diagnoseTopic } from './topic-diagnosis.js';

/** Options of a RosDriver beyond its config. */
export interface RosDriverOptions {
  /** Diagnostics (garbage messages, reconnects); default: stderr. */
  log?: (line: string) => void;
}

const LOG_FIRST = 20;

/**
 * A robot arm behind a rosbridge v2 server, through roslib: joint states and task observations
 * in, commands out on the configured interface, every command through the shared command gate.
 * On connection loss it holds, reconnects with backoff, and commands again only after a fresh
 * state and an explicit rearm(). Malformed or wrong-type messages are logged and ignored.
 */
export class RosDriver implements RobotDriver {
  readonly name: string;
  readonly robot: Robot;
  readonly controlHz: number;
  readonly observationFeatures: readonly FeatureSpec[];
  readonly actionFeatures: ActionFeatures;
  /** Messages refused (malformed or wrong type), by reason prefix. */
  readonly refused = new Map<string, number>();
  private readonly link: RosLink;
  private readonly gate: CommandGate;
  private readonly reader: JointStateReader;
  private readonly messages: CommandMessages;
  private readonly latest: DriverObservation;
  private readonly tcpLayer: SafetyLayer;
  private readonly armTopic: Topic<unknown>;
  private readonly gripperTopic: Topic<unknown> | null;
  private readonly log: (line: string) => void;
  private armed = false;
  private freshSinceOpen = false;
  private tcpSeq = -1;
  private waiters: (() => void)[] = [];
  private closed = false;
  private started = false;
  private logged = 0;

  constructor(readonly config: RosDriverConfig, options: RosDriverOptions = {}) {
    this.robot = new Robot(ROBOTS.get(config.robot));
    const d = this.robot.description;
    if (config.jointStates.armJoints.length !== d.armJoints.length) {
      throw ConfigError.at('robot.jointStates.armJoints', `${d.armJoints.length} names (${d.uid}'s arm joints, base to tip)`, `${config.jointStates.armJoints.length}`);
    }
    if (config.jointStates.gripperJoints.length !== d.gripperJoints.length) {
      throw ConfigError.at('robot.jointStates.gripperJoints', `${d.gripperJoints.length} names (${d.uid}'s fingers)`, `${config.jointStates.gripperJoints.length}`);
    }
    this.name = `ros:${config.url}`;
    this.controlHz = config.controlHz;
    this.log = options.log ?? ((l) => process.stderr.write(`armkit ${this.name}: ${l}\n`));
    this.gate = new CommandGate(this.robot, config.safety, config.controlMode, config.controlHz);
    this.tcpLayer = new SafetyLayer(this.robot, config.safety, this.gate.codec.gripperRange);
    this.reader = new JointStateReader([...config.jointStates.armJoints, ...config.jointStates.gripperJoints], d.armJoints.length);
    this.messages = new CommandMessages(config, this.robot);
    this.latest = createObservation(this.robot);
    const nq = d.armJoints.length + d.gripperJoints.length;
    this.observationFeatures = [{ key: 'qpos', size: nq }, { key: 'qvel', size: nq }, { key: 'tcp_pose', size: 7 }, ...config.observationTopics.map((t) => ({ key: t.key, size: -1 }))];
    const c = this.gate.codec;
    this.actionFeatures = { controlMode: config.controlMode, size: c.size, low: c.low, high: c.high };

    this.link = new RosLink(config.url, config.token, config.reconnect, { onOpen: () => this.opened(), onClose: () => this.lost(), log: (l) => this.log(l) });
    const ros = this.link.ros;
    const v = config.rosVersion;
    new Topic({ ros, name: config.jointStates.topic, messageType: rosType('sensor_msgs/JointState', v), throttle_rate: stateThrottleMs(config), queue_length: 0 }).subscribe((m) => this.onJointState(m));
    for (const t of config.observationTopics) {
      const buf = new Float32Array(0);
      this.latest.extras.set(t.key, buf);
      new Topic({ ros, name: t.topic, messageType: rosType('std_msgs/Float64MultiArray', v) }).subscribe((m) => this.onExtra(t.key, m));
    }
    if (config.estop.topic) {
      new Topic({ ros, name: config.estop.topic, messageType: rosType('std_msgs/Bool', v) }).subscribe((m) => {
        if ((m as { data?: unknown }).data === true) this.gate.estop.trigger('topic', `${config.estop.topic} said true`);
      });
    }
    this.armTopic = new Topic({ ros, name: config.command.topic, messageType: rosType(COMMAND_TYPES[config.command.interface], v) });
    this.gripperTopic = config.gripper ? new Topic({ ros, name: config.gripper.topic, messageType: rosType('std_msgs/Float64', v) }) : null;
  }

  get status(): DriverStatus {
    if (!this.link.connected) return this.started && !this.closed ? 'connecting' : 'disconnected';
    if (this.gate.estop.latched) return 'estopped';
    return this.armed && !this.gate.tripped ? 'armed' : 'unarmed';
  }

  get estop(): EStopLatch {
    return this.gate.estop;
  }

  async connect(): Promise<void> {
    if (this.closed) throw new DriverStateError(`${this.name}: connect() after disconnect()`);
    if (!this.started) {
      this.started = true;
      this.armTopic.advertise();
      this.gripperTopic?.advertise();
      this.link.start();
    }
    const deadline = Date.now() + this.config.reconnect.connectTimeoutMs;
    while (!(this.link.connected && this.freshSinceOpen)) {
      if (Date.now() > deadline) {
        const topic = this.config.jointStates.topic;
        const why = this.link.connected ? await diagnoseTopic(this.link.ros, topic, rosType('sensor_msgs/JointState', this.config.rosVersion)) : `${this.config.url} did not accept a connection${this.link.lastError === null ? '' : ` (${this.link.lastError})`}`;
        throw new ConnectionError(`${this.name}: no joint state on ${topic} within ${this.config.reconnect.connectTimeoutMs} ms: ${why}`);
      }
      await this.waitForState(this.latest.seq, Math.max(1, deadline - Date.now()));
    }
    this.rearm();
  }

  async disconnect(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.armed = false;
    this.link.close();
    this.wake();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.disconnect();
  }

  getObservation(target: DriverObservation = createObservation(this.robot)): DriverObservation {
    if (this.tcpSeq !== this.latest.seq) {
      this.tcpLayer.tcpWorld(this.latest.armQ, this.latest.tcp);
      this.tcpSeq = this.latest.seq;
    }
    return copyObservation(this.latest, target);
  }

  waitForState(afterSeq: number, timeoutMs: number): Promise<boolean> {
    if (this.latest.seq > afterSeq) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(this.latest.seq > afterSeq), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve(this.latest.seq > afterSeq);
      });
    });
  }

  sendAction(action: ArrayLike<number>): SendResult {
    if (!this.gate.prepareAction(action, this.latest, this.status)) return this.gate.result;
    return this.publish();
  }

  sendJointTarget(armTarget: ArrayLike<number>, gripperTarget: number, options?: JointMoveOptions): SendResult {
    if (!this.gate.prepareJoint(armTarget, gripperTarget, this.latest, this.status, options)) return this.gate.result;
    return this.publish();
  }

  rearm(): void {
    const why = !this.link.connected
      ? 'not connected'
      : this.gate.estop.latched
        ? `e-stop latched (${this.gate.estop.reason}); clear it first`
        : !this.freshSinceOpen || nowMs() - this.latest.receivedAt > this.config.safety.maxStateAgeMs
          ? 'no fresh joint state since the connection opened'
          : null;
    if (why) throw new DriverStateError(`${this.name}: cannot re-arm: ${why}`);
    this.gate.rearm(this.latest);
    this.armed = true;
  }

  async resetScene(_seed: number): Promise<void> {
    const name = this.config.sceneResetService;
    if (!name) return;
    const service = new Service({ ros: this.link.ros, name, serviceType: rosType('std_srvs/Trigger', this.config.rosVersion) });
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new ConnectionError(`${this.name}: ${name} did not answer within 5 s`)), 5000);
      service.callService({}, () => (clearTimeout(t), resolve()), (e) => (clearTimeout(t), reject(new ConnectionError(`${this.name}: ${name} failed: ${e}`))));
    });
    const seq = this.latest.seq;
    await this.waitForState(seq + 1, 1000);
    this.gate.reset(this.latest);
  }

  private publish(): SendResult {
    const r = this.gate.result;
    const at = nowMs();
    if (!this.gate.onTime(this.latest, at)) return r;
    this.armTopic.publish(this.messages.arm(r.armTarget, at));
    this.gripperTopic?.publish(this.messages.gripper(r.gripperTarget));
    return this.gate.sent(at);
  }

  private estopService: Service | null = null;

  private opened(): void {
    this.freshSinceOpen = false;
    this.armed = false;
    if (this.config.estop.service) {
      // One Service for every connection: advertising it again drops its old handler, so each
      // call is answered once (a new Service per reconnect answered it once per connection).
      this.estopService ??= new Service({ ros: this.link.ros, name: this.config.estop.service, serviceType: rosType('std_srvs/Trigger', this.config.rosVersion) });
      void this.estopService.advertise((_req, res: Partial<{ success: boolean; message: string }>) => {
        this.gate.estop.trigger('service', `${this.config.estop.service} called`);
        res.success = true;
        res.message = 'e-stop latched';
        return true;
      });
    }
    this.log(`connected to ${this.config.url}`);
  }

  private lost(): void {
    this.armed = false;
    this.freshSinceOpen = false;
    if (!this.closed) this.log(`connection to ${this.config.url} lost; holding, reconnecting`);
    this.wake();
  }

  private onJointState(m: unknown): void {
    const at = nowMs();
    const why = this.reader.read(m, this.latest, at);
    if (why) return this.refuse(`${this.config.jointStates.topic}: ${why}`);
    this.latest.seq++;
    this.freshSinceOpen = true;
    this.wake();
  }

  private onExtra(key: string, m: unknown): void {
    const data = (m as { data?: unknown } | null)?.data;
    if (!Array.isArray(data) || data.some((x) => typeof x !== 'number' || !Number.isFinite(x))) return this.refuse(`observation ${key}: expected Float64MultiArray data of finite numbers`);
    let buf = this.latest.extras.get(key)!;
    if (buf.length !== data.length) this.latest.extras.set(key, (buf = new Float32Array(data.length)));
    for (let i = 0; i < data.length; i++) buf[i] = data[i] as number;
  }

  private refuse(why: string): void {
    const key = why.slice(0, 60);
    this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
    if (this.logged++ < LOG_FIRST) this.log(`ignored a message: ${why}`);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/**
 * The joint-state subscription's throttle, ms: four states per control period and per state-age
 * limit, so the loop sees fresh state at every step without parsing a 500 Hz stream (rosbridge
 * drops what comes sooner; with no queue it sends the newest).
 */
export function stateThrottleMs(config: RosDriverConfig): number {
  return Math.floor(Math.min(1000 / config.controlHz, config.safety.maxStateAgeMs) / 4);
}
