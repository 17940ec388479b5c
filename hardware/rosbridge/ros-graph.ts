import { RosbridgeError } from '../hardware-errors.js';
import { canonicalType, type MessageCatalog, type MessageDef, type ServiceDef } from './message-catalog.js';
import { encodeMessage, type RosMessage } from './message-json.js';
import { ujsonString } from './ujson-writer.js';

/** Something that receives a topic's messages: a bridge connection's subscription or a local callback. */
export interface TopicSink {
  /** `frame` builds (once per message, shared by all sinks) the rosbridge publish frame. */
  deliver(msg: RosMessage, frame: () => string): void;
}

/** A topic known to the graph ("the master"): its type sticks once established. */
export class TopicEntry {
  /** Subscribers. */
  readonly sinks = new Set<TopicSink>();
  /** The last message of a latched publisher, redelivered on subscribe. */
  latched: RosMessage | null = null;
  /** Publishers registered (local and bridge). */
  publishers = 0;
  private seq = 0;

  constructor(readonly name: string, readonly type: string, readonly def: MessageDef) {}

  /** Publish: stamp header.seq as rospy does (only when someone listens), latch, deliver. */
  publish(msg: RosMessage, latch: boolean): void {
    if (latch) this.latched = msg;
    if (this.sinks.size === 0) return;
    const header = msg['header'] as RosMessage | undefined;
    if (header && this.def.fields[0]?.message?.fields[0]?.name === 'seq') header['seq'] = ++this.seq;
    let frame: string | null = null;
    const build = () => (frame ??= `{"op":"publish","topic":${ujsonString(this.name)},"msg":${encodeMessage(this.def, msg)}}`);
    for (const s of this.sinks) s.deliver(msg, build);
  }
}

/** A registered service. The handler's Error message becomes rosbridge's "error processing request" text. */
export interface ServiceEntry {
  readonly name: string;
  readonly def: ServiceDef;
  readonly node: string;
  handler(request: RosMessage): RosMessage | Promise<RosMessage>;
}

/** A topic type clash, worded as rosbridge logs it. */
export class TypeConflictError extends RosbridgeError {}

/**
 * The ROS side of a rosbridge endpoint: which topics exist with which types, who publishes and
 * subscribes, latched messages, services and node names. The twin and test peers publish and
 * serve here; bridge clients reach it through RosbridgeServer.
 */
export class RosGraph {
  private readonly topics = new Map<string, TopicEntry>();
  private readonly services = new Map<string, ServiceEntry>();
  /** Node names, for rosapi/nodes. */
  readonly nodes = new Set<string>(['/rosbridge_websocket', '/rosapi']);

  constructor(readonly catalog: MessageCatalog) {}

  /** A topic if the master knows it. */
  topic(name: string): TopicEntry | undefined {
    return this.topics.get(name);
  }

  /** Every known topic, in registration order. */
  allTopics(): TopicEntry[] {
    return [...this.topics.values()];
  }

  /**
   * The topic with this type, created if new.
   * @throws TypeConflictError when it exists with another type; RosbridgeError when the type is unknown.
   */
  establish(name: string, type: string): TopicEntry {
    const t = canonicalType(type);
    const existing = this.topics.get(name);
    if (existing) {
      if (existing.type !== t) throw new TypeConflictError(`Tried to register topic ${name} with type ${t} but it is already established with type ${existing.type}`);
      return existing;
    }
    const def = this.catalog.message(t);
    if (!def) throw new RosbridgeError(`unknown message type ${type}`);
    const entry = new TopicEntry(name, t, def);
    this.topics.set(name, entry);
    return entry;
  }

  /** A local publisher (a ROS node of the twin or a test peer). */
  advertise(name: string, type: string, options: { latch?: boolean } = {}): { entry: TopicEntry; publish(msg: RosMessage): void } {
    const entry = this.establish(name, type);
    entry.publishers++;
    const latch = options.latch ?? false;
    return { entry, publish: (msg) => entry.publish(msg, latch) };
  }

  /** A local subscriber; returns the unsubscribe function. */
  subscribe(name: string, type: string, callback: (msg: RosMessage) => void): () => void {
    const entry = this.establish(name, type);
    const sink: TopicSink = { deliver: (msg) => callback(msg) };
    entry.sinks.add(sink);
    return () => entry.sinks.delete(sink);
  }

  /** Register a service. @throws RosbridgeError when the name is taken or the type unknown. */
  advertiseService(name: string, type: string, handler: ServiceEntry['handler'], node = '/rosbridge_websocket'): ServiceEntry {
    if (this.services.has(name)) throw new RosbridgeError(`service ${name} is already advertised`);
    const def = this.catalog.service(type);
    if (!def) throw new RosbridgeError(`unknown service type ${type}`);
    const entry: ServiceEntry = { name, def, node, handler };
    this.services.set(name, entry);
    this.nodes.add(node);
    return entry;
  }

  /** Remove a service (only the given entry, so a re-advertised one stays). */
  unadvertiseService(entry: ServiceEntry): void {
    if (this.services.get(entry.name) === entry) this.services.delete(entry.name);
  }

  /** A service by resolved name. */
  service(name: string): ServiceEntry | undefined {
    return this.services.get(name);
  }

  /** Every service, in registration order. */
  allServices(): ServiceEntry[] {
    return [...this.services.values()];
  }
}
