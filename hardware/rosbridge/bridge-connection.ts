import { RosbridgeError } from '../hardware-errors.js';
import { nowMs } from '../clock.js';
import { ClientSubscription } from './client-subscription.js';
import { IncomingBuffer } from './incoming-buffer.js';
import { ConversionError, encodeMessage, fromJson, type RosMessage } from './message-json.js';
import type { RosGraph, ServiceEntry } from './ros-graph.js';
import { ServiceHandlerError, ServiceLink } from './service-link.js';
import { ujsonString } from './ujson-writer.js';

const OPS = ['call_service', 'advertise', 'unadvertise', 'publish', 'subscribe', 'unsubscribe', 'fragment', 'advertise_service', 'service_response', 'unadvertise_service'];
const OPS_TEXT = `[${OPS.map((o) => `'${o}'`).join(', ')}]`;

/** An op handler's failure: logged as `<op>: <message>`, nothing sent back (rosbridge 0.11.17). */
class OpError extends RosbridgeError {}

/** What a connection needs from its server. */
export interface ConnectionContext {
  graph: RosGraph;
  log(line: string): void;
  latchDelayMs: number;
}

/**
 * One client of the rosbridge endpoint: its receive buffer, subscriptions, publishers and
 * advertised services, and the v2 protocol ops as rosbridge 0.11.17 answers them: silently on
 * errors (server log only), except call_service, which replies result:false with a string.
 */
export class BridgeConnection {
  private readonly buffer = new IncomingBuffer();
  private readonly subscriptions = new Map<string, ClientSubscription>();
  private readonly publishers = new Map<string, { ids: Set<string>; latch: boolean }>();
  private readonly links = new Map<string, ServiceLink>();
  private closed = false;

  constructor(readonly clientId: number, private readonly ctx: ConnectionContext, private readonly send: (frame: string) => void) {}

  /** Handle one received text frame, as the socket's bytes (UTF-8 checked) or as text. */
  receive(frame: Buffer | string): void {
    const { message, text: raw } = this.buffer.push(frame);
    if (!message) return;
    const id = typeof message['id'] === 'string' ? message['id'] : null;
    const op = message['op'];
    if (op === undefined || op === null) {
      this.error(id, `Received a message without an op.  All messages require 'op' field with value one of: ${OPS_TEXT}.  Original message was: ${raw}`);
      return;
    }
    const handler = typeof op === 'string' && OPS.includes(op) ? this.handlers[op] : undefined;
    if (!handler) {
      this.error(id, `Unknown operation: ${String(op)}.  Allowed operations: ${OPS_TEXT}`);
      return;
    }
    try {
      handler(message, id);
    } catch (e) {
      this.error(id, `${String(op)}: ${(e as Error).message}`);
    }
  }

  /** Drop everything this client held (on disconnect). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [topic, sub] of this.subscriptions) {
      sub.close();
      this.ctx.graph.topic(topic)?.sinks.delete(sub);
    }
    this.subscriptions.clear();
    for (const topic of this.publishers.keys()) this.releasePublisher(topic);
    this.publishers.clear();
    for (const link of this.links.values()) link.abort('unadvertised');
    this.links.clear();
  }

  private readonly handlers: Record<string, (m: Record<string, unknown>, id: string | null) => void> = {
    advertise: (m) => {
      const topic = field(m, 'topic');
      const type = field(m, 'type');
      this.loadType(type);
      this.ctx.graph.establish(topic, type);
      let p = this.publishers.get(topic);
      if (!p) {
        p = { ids: new Set(), latch: false };
        this.publishers.set(topic, p);
        this.ctx.graph.topic(topic)!.publishers++;
      }
      p.ids.add(String(m['id'] ?? ''));
      p.latch = m['latch'] === true;
    },
    unadvertise: (m) => {
      const topic = field(m, 'topic');
      const p = this.publishers.get(topic);
      if (!p) return;
      if (m['id'] === undefined) p.ids.clear();
      else p.ids.delete(String(m['id']));
      if (p.ids.size === 0) {
        this.publishers.delete(topic);
        this.releasePublisher(topic);
      }
    },
    publish: (m) => {
      const topic = field(m, 'topic');
      const entry = this.ctx.graph.topic(topic);
      if (!entry) throw new OpError(`Cannot infer topic type for topic ${topic} as it is not yet advertised`);
      const msg = this.convert(entry.def, m['msg'] ?? {}, entry.type);
      entry.publish(msg, this.publishers.get(topic)?.latch ?? false);
    },
    subscribe: (m, id) => {
      const topic = field(m, 'topic');
      const type = typeof m['type'] === 'string' ? m['type'] : null;
      if (type) this.loadType(type);
      let sub = this.subscriptions.get(topic);
      if (!sub) {
        sub = new ClientSubscription(topic, (f) => this.send(f));
        this.subscriptions.set(topic, sub);
      }
      const entry = type ? this.ctx.graph.establish(topic, type) : this.ctx.graph.topic(topic);
      if (!entry) throw new OpError(`Cannot infer topic type for topic ${topic} as it is not yet advertised`);
      sub.add(id ?? '', { throttleRate: num(m['throttle_rate']), queueLength: num(m['queue_length']) });
      entry.sinks.add(sub);
      this.info(`Subscribed to ${topic}`);
      if (entry.latched) {
        const latched = entry.latched;
        const s = sub;
        setTimeout(() => {
          if (this.subscriptions.get(topic) === s) s.sendNow(`{"op":"publish","topic":${ujsonString(topic)},"msg":${encodeMessage(entry.def, latched)}}`);
        }, this.ctx.latchDelayMs);
      }
    },
    unsubscribe: (m) => {
      const topic = field(m, 'topic');
      const sub = this.subscriptions.get(topic);
      if (!sub) return;
      sub.remove(typeof m['id'] === 'string' ? m['id'] : null);
      if (sub.size > 0) return;
      sub.close();
      this.ctx.graph.topic(topic)?.sinks.delete(sub);
      this.subscriptions.delete(topic);
      this.info(`Unsubscribed from ${topic}`);
    },
    call_service: (m, id) => {
      if (!('service' in m)) throw new OpError('Expected a service field but none was found.');
      void this.callService(String(m['service']), m['args'], id);
    },
    advertise_service: (m) => {
      const name = field(m, 'service');
      const type = field(m, 'type');
      const old = this.links.get(name);
      if (old) {
        // rosbridge replaces the client's earlier advertisement, aborting its calls in progress.
        this.ctx.log(`[WARN] [Client ${this.clientId}] Duplicate service advertised. Overwriting ${name}.`);
        this.links.delete(name);
        old.abort('overwritten');
      }
      const link = new ServiceLink(name, (frame) => this.send(frame), (line) => this.ctx.log(`${line.startsWith('[WARN]') ? '[WARN]' : '[ERROR]'} [Client ${this.clientId}] ${line.replace(/^\[\w+\] /, '')}`));
      const entry = this.ctx.graph.advertiseService(name, type, (req) => link.call(entry, req), `/rosbridge_websocket`);
      link.entry = entry;
      link.graphRemove = (e) => this.ctx.graph.unadvertiseService(e);
      this.links.set(name, link);
      this.info(`Advertised service ${name}.`);
    },
    service_response: (m) => {
      const link = this.links.get(field(m, 'service'));
      link?.respond(m, (def, values) => this.convert(def, values, `${link.entry!.def.type}Response`));
    },
    unadvertise_service: (m) => {
      const name = field(m, 'service');
      const link = this.links.get(name);
      if (!link) return;
      this.links.delete(name);
      link.abort('unadvertised');
      this.info(`Unadvertised service ${name}.`);
    },
    fragment: () => {
      throw new OpError('fragments are not supported by this endpoint');
    },
  };

  private async callService(name: string, args: unknown, id: string | null): Promise<void> {
    const resolved = name.startsWith('/') ? name : `/${name}`;
    const entry: ServiceEntry | undefined = this.ctx.graph.service(resolved);
    const reply = (values: string, result: boolean) =>
      this.send(`{"op":"service_response","service":${ujsonString(name)},"values":${values},"result":${result}${id !== null ? `,"id":${ujsonString(id)}` : ''}}`);
    const fail = (exception: string, message: string) => {
      this.error(id, `call_service ${exception}: ${message}`);
      reply(ujsonString(message), false);
    };
    if (!entry) return fail('InvalidServiceException', `Service ${resolved} does not exist`);
    let request: RosMessage;
    try {
      request = fromJson(entry.def.request, args ?? {}, { rootType: `${entry.def.type}Request`, now: bridgeNow });
    } catch (e) {
      if (e instanceof ConversionError) return fail(e.exception, e.message);
      throw e;
    }
    try {
      const response = await entry.handler(request);
      if (!this.closed) reply(encodeMessage(entry.def.response, response), true);
    } catch (e) {
      const raw = e instanceof ServiceHandlerError ? e.raw : `error processing request: ${(e as Error).message}`;
      if (!this.closed) fail('ServiceException', `service [${resolved}] responded with an error: b'${raw}'`);
    }
  }

  private convert(def: Parameters<typeof fromJson>[0], value: unknown, rootType: string): RosMessage {
    try {
      return fromJson(def, value, { rootType, now: bridgeNow });
    } catch (e) {
      if (e instanceof ConversionError) throw new OpError(e.message);
      throw e;
    }
  }

  private loadType(type: string): void {
    const catalog = this.ctx.graph.catalog;
    const [pkg = type, name = ''] = type.split('/').filter((s) => s !== 'msg');
    if (!catalog.knowsPackage(type)) throw new OpError(`Unable to load the manifest for package ${pkg}. Caused by: ${pkg}`);
    if (!catalog.message(type)) throw new OpError(`Unable to import msg class ${name} from package ${pkg}. Caused by: module '${pkg}.msg' has no attribute '${name}'`);
  }

  private releasePublisher(topic: string): void {
    const entry = this.ctx.graph.topic(topic);
    if (entry && entry.publishers > 0) entry.publishers--;
  }

  private info(text: string): void {
    this.ctx.log(`[INFO] [Client ${this.clientId}] ${text}`);
  }

  private error(id: string | null, text: string): void {
    this.ctx.log(`[ERROR] [Client ${this.clientId}] ${id !== null ? `[id: ${id}] ` : ''}${text}`);
  }
}

/** The bridge's clock as ROS time. */
function bridgeNow(): [number, number] {
  const ms = nowMs();
  const secs = Math.floor(ms / 1000);
  return [secs, Math.round((ms - secs * 1000) * 1e6)];
}

function field(m: Record<string, unknown>, name: string): string {
  const v = m[name];
  if (typeof v !== 'string') throw new OpError(`Expected a ${name} field but none was found.`);
  return v;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}
