import { RosbridgeError } from '../hardware-errors.js';
import type { MessageDef } from './message-catalog.js';
import { encodeMessage, type RosMessage } from './message-json.js';
import type { ServiceEntry } from './ros-graph.js';
import { ujsonString } from './ujson-writer.js';

/** A service call that failed on the provider's side; `raw` is the text ROS callers see. */
export class ServiceHandlerError extends RosbridgeError {
  constructor(readonly raw: string) {
    super(raw);
  }
}

interface Pending {
  resolve(msg: RosMessage): void;
  reject(e: Error): void;
}

/**
 * A service a bridge client advertised: ROS-side calls become call_service frames to the client
 * (ids `service_request:<name>:<n>`, n from 1) and wait for its service_response. A response
 * without `values` is logged and the caller keeps waiting, until unadvertise aborts it, as in
 * rosbridge 0.11.17.
 */
export class ServiceLink {
  /** The graph entry, set once registered. */
  entry: ServiceEntry | null = null;
  private count = 0;
  private readonly pending = new Map<string, Pending>();

  constructor(readonly name: string, private readonly send: (frame: string) => void, private readonly log: (line: string) => void) {}

  /** Forward one call to the client. */
  call(entry: ServiceEntry, request: RosMessage): Promise<RosMessage> {
    const id = `service_request:${this.name}:${++this.count}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send(`{"op":"call_service","id":${ujsonString(id)},"service":${ujsonString(this.name)},"args":${encodeMessage(entry.def.request, request)}}`);
    });
  }

  /** The client's service_response; `convert` checks values against the response type. */
  respond(m: Record<string, unknown>, convert: (def: MessageDef, values: unknown) => RosMessage): void {
    const id = String(m['id'] ?? '');
    const p = this.pending.get(id);
    if (!p || !this.entry) return;
    if (!('values' in m)) {
      this.log(`[ERROR] [id: ${id}] service_response: 'values'`);
      return;
    }
    this.pending.delete(id);
    try {
      p.resolve(convert(this.entry.def.response, m['values']));
    } catch (e) {
      this.log(`[ERROR] [id: ${id}] service_response: ${(e as Error).message}`);
      p.reject(new ServiceHandlerError('service cannot process request: service handler returned None'));
    }
  }

  /** Unadvertised or disconnected: fail every waiting caller and remove the service. */
  abort(_why: string): void {
    for (const [id, p] of this.pending) {
      this.log(`[WARN] Service ${this.name} was unadvertised with a service call in progress, aborting service call with request ID ${id}`);
      p.reject(new ServiceHandlerError('service cannot process request: service handler returned None'));
    }
    this.pending.clear();
    if (this.entry) this.graphRemove?.(this.entry);
  }

  /** Set by the server: how to remove the entry from the graph. */
  graphRemove: ((entry: ServiceEntry) => void) | null = null;
}
