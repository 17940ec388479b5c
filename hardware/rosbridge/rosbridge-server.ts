import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { resourceError } from '../../errors.js';
import { checkBind, tokenMatches, urlHost } from './access-token.js';
import { BridgeConnection } from './bridge-connection.js';
import { IncomingBuffer } from './incoming-buffer.js';
import type { RosGraph } from './ros-graph.js';

/**
 * The largest message a client may send: rosbridge 0.11.17's websocket handler sets tornado's
 * max_message_size to 10 MiB, and a larger one closes the connection with 1009 (message too big)
 * before it is buffered (ws's default, 100 MiB, let one frame hold 100 MB and the scan of it).
 */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** How a RosbridgeServer listens. */
export interface RosbridgeServerOptions {
  /** The ROS side it bridges to. */
  graph: RosGraph;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** When set, a client connects only with it as the URL's `token` query parameter; required off loopback. */
  token?: string;
  /** Server log lines, in rosbridge's format ("[INFO] Client connected.  1 clients total."). */
  log?: (line: string) => void;
  /** Delay before a latched message is redelivered to a new subscriber, ms (default 20). */
  latchDelayMs?: number;
}

/**
 * A rosbridge v2 JSON endpoint over WebSocket (the `ws` package), speaking as rosbridge_suite
 * 0.11.17 does: nothing sent on connect, per-connection subscriptions, errors to the log only
 * (call_service failures excepted), a client close without a code answered with 1000. Close it
 * (or `await using`) to free the port.
 */
export class RosbridgeServer implements AsyncDisposable {
  private readonly connections = new Map<WebSocket, BridgeConnection>();
  private nextClient = 0;
  private closed = false;

  private constructor(private readonly wss: WebSocketServer, private readonly options: RosbridgeServerOptions) {
    wss.on('connection', (ws) => this.accept(ws));
  }

  /**
   * Listen; resolves once the port is bound.
   * @throws ResourceError when the port is taken or the host is not this machine's;
   * InvalidArgumentError for a host off loopback without a token.
   */
  static listen(options: RosbridgeServerOptions): Promise<RosbridgeServer> {
    return new Promise((resolve, reject) => {
      const host = options.host ?? '127.0.0.1';
      const { token } = options;
      checkBind(host, token);
      IncomingBuffer.warmUp();
      // A client without the token is answered 401 before the upgrade: it never reaches the graph.
      const verifyClient = token === undefined ? undefined : ({ req }: { req: IncomingMessage }) => tokenMatches(new URL(req.url ?? '/', 'ws://x').searchParams.get('token'), token);
      const wss = new WebSocketServer({ port: options.port, host, perMessageDeflate: false, maxPayload: MAX_MESSAGE_BYTES, verifyClient });
      const refused = (e: Error) => reject(resourceError(`cannot listen on ${host}:${options.port}`, e));
      wss.once('error', refused);
      wss.once('listening', () => {
        wss.off('error', refused);
        resolve(new RosbridgeServer(wss, options));
      });
    });
  }

  /** The bound port. */
  get port(): number {
    return (this.wss.address() as AddressInfo).port;
  }

  /** ws://host:port */
  get url(): string {
    return `ws://${urlHost(this.options.host ?? '127.0.0.1')}:${this.port}`;
  }

  /** Connected clients. */
  get clientCount(): number {
    return this.connections.size;
  }

  /** Send raw text to every client (tests: garbage from the server). */
  broadcastRaw(text: string): void {
    for (const ws of this.connections.keys()) ws.send(text);
  }

  /** Drop every client without a close handshake (a network failure, as seen by clients). */
  dropClients(): void {
    for (const ws of this.connections.keys()) ws.terminate();
  }

  /** Stop listening and drop every client. Safe to call twice. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.dropClients();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private accept(ws: WebSocket): void {
    const log = this.options.log ?? (() => {});
    const conn = new BridgeConnection(this.nextClient++, { graph: this.options.graph, log, latchDelayMs: this.options.latchDelayMs ?? 20 }, (frame) => {
      if (ws.readyState === ws.OPEN) ws.send(frame);
    });
    this.connections.set(ws, conn);
    log(`[INFO] Client connected.  ${this.connections.size} clients total.`);
    // ws answers a close frame without a code with an empty one (1005); rosbridge's server answers 1000.
    const close = ws.close.bind(ws);
    ws.close = (code?: number, reason?: string | Buffer) => close(code ?? 1000, reason);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      try {
        // A text frame comes as one Buffer, its UTF-8 checked by ws; the connection decodes only what it parses.
        conn.receive(data as Buffer);
      } catch (e) {
        log(`[ERROR] [Client ${conn.clientId}] ${(e as Error).message}`);
      }
    });
    ws.on('close', () => {
      conn.close();
      this.connections.delete(ws);
      log(`[INFO] Client disconnected. ${this.connections.size} clients total.`);
    });
    ws.on('error', () => ws.terminate());
  }
}
