import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { InvalidArgumentError, resourceError } from '../errors.js';
import { tokenMatches } from '../hardware/rosbridge/access-token.js';
import { assetPath } from '../robot/asset-path.js';

/** A file a page server serves: where it is in the package, and its content type. */
export interface PageFile {
  path: string;
  type: string;
}

/** The three.js modules a page imports, by the path after the token (the import map points here). */
export const THREE_FILES: Readonly<Record<string, PageFile>> = {
  '/three/build/three.module.js': { path: 'node_modules/three/build/three.module.js', type: 'text/javascript' },
  '/three/build/three.core.js': { path: 'node_modules/three/build/three.core.js', type: 'text/javascript' },
  '/three/examples/jsm/controls/OrbitControls.js': { path: 'node_modules/three/examples/jsm/controls/OrbitControls.js', type: 'text/javascript' },
};

/** How a page server listens and whom it serves. */
export interface TokenPageServerOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The URL's secret; a fresh random one by default. */
  token?: string;
  /** Who is serving, for errors and the 403 text ("armkit teleop"). */
  name: string;
  /** The page's files by the path after the token ('/' is the page); nothing else is served. */
  files: Readonly<Record<string, PageFile>>;
  /** Largest WebSocket message taken from a page, bytes. */
  maxMessage: number;
  /** A page connected (its WebSocket at /TOKEN/ws). */
  onSocket: (ws: WebSocket) => void;
  /** Ping every page this often, ms, and drop one that has answered none for four of these (default 500: 2 s silent). */
  pingMs?: number;
}

// The token travels in the page's own URL and must not leave it; the page is not to be framed.
const HEADERS = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' };

/**
 * An HTTP and WebSocket server for one page on 127.0.0.1 with everything under /TOKEN/ (a random
 * token unless given): a request or WebSocket without the token gets 403, so the page's own
 * subresources carry it as the page does. Only the listed files are served (the URL is parsed
 * first, so dot segments, encoded ones too, resolve above the token). A Host header other than
 * the loopback names with the bound port is refused (a page elsewhere rebinding its name to this
 * address), and so is a WebSocket whose Origin is not the page's.
 */
export class TokenPageServer implements AsyncDisposable {
  /** The page's address, token included. */
  readonly url: string;
  private readonly sockets = new Set<WebSocket>();
  private readonly answered = new WeakMap<WebSocket, number>();
  private readonly pinger: NodeJS.Timeout;

  private constructor(private readonly server: Server, private readonly wss: WebSocketServer, port: number, token: string, pingMs: number) {
    this.url = `http://127.0.0.1:${port}/${token}/`;
    // A page whose browser hung or lost the network sends no close: its missing pongs say so.
    // Four periods' grace, so that a loaded machine answering late is not taken for a dead one.
    this.pinger = setInterval(() => {
      const now = performance.now();
      for (const ws of this.sockets) {
        if (now - (this.answered.get(ws) ?? now) > 4 * pingMs) ws.terminate();
        else ws.ping();
      }
    }, pingMs);
    this.pinger.unref();
  }

  /**
   * Listen.
   * @throws InvalidArgumentError for a token that is short or not URL-safe; ResourceError when the port is taken.
   */
  static async start(options: TokenPageServerOptions): Promise<TokenPageServer> {
    const token = options.token ?? randomBytes(18).toString('base64url');
    if (!/^[A-Za-z0-9_-]{8,}$/.test(token)) throw new InvalidArgumentError(`${options.name}: expected a token of at least 8 URL-safe characters (A-Z a-z 0-9 _ -), got ${JSON.stringify(token)}`);
    const hosts = new Set<string>();
    const server = createServer((req, res) => {
      const status = refusal(req, token, hosts);
      if (status) {
        res.writeHead(status, { 'content-type': 'text/plain', ...HEADERS }).end(status === 403 ? `forbidden: open the URL ${options.name} printed, with its token\n` : 'method not allowed\n');
        return;
      }
      const at = pagePath(req);
      if (at === '') {
        // The token without its slash: the page's relative URLs need it.
        res.writeHead(308, { location: `/${token}/`, ...HEADERS }).end();
        return;
      }
      const file = options.files[at];
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain', ...HEADERS }).end('not found\n');
        return;
      }
      readFile(assetPath(file.path)).then(
        (body) => res.writeHead(200, { 'content-type': file.type, ...HEADERS }).end(req.method === 'HEAD' ? undefined : body),
        (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain', ...HEADERS }).end(`cannot read ${file.path}: ${String(e)}\n`),
      );
    });
    const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessage });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => reject(resourceError(`${options.name}: cannot listen on 127.0.0.1:${options.port ?? 0}`, e)));
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    for (const h of ['localhost', '127.0.0.1']) hosts.add(`${h}:${port}`);
    const self = new TokenPageServer(server, wss, port, token, options.pingMs ?? 500);
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const origin = req.headers.origin;
      // Browsers always send Origin with a WebSocket; only the page's own may connect.
      const foreign = origin !== undefined && ![...hosts].some((h) => origin.toLowerCase() === `http://${h}`);
      if (refusal(req, token, hosts) || foreign || pagePath(req) !== '/ws') {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        self.sockets.add(ws);
        self.answered.set(ws, performance.now());
        ws.on('pong', () => self.answered.set(ws, performance.now()));
        ws.on('close', () => self.sockets.delete(ws));
        options.onSocket(ws);
      });
    });
    return self;
  }

  /** The pages connected now. */
  get pages(): ReadonlySet<WebSocket> {
    return this.sockets;
  }

  /** Drop every page, stop listening. */
  async close(): Promise<void> {
    clearInterval(this.pinger);
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

// The path after /TOKEN, from the URL as parsed (dot segments, encoded ones too, already resolved).
function pagePath(req: IncomingMessage): string {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const at = path.indexOf('/', 1);
  return at < 0 ? '' : path.slice(at);
}

// 403 for a foreign Host or a missing or wrong token, 405 for a method other than GET/HEAD, else null.
function refusal(req: IncomingMessage, token: string, hosts: Set<string>): number | null {
  if (!hosts.has((req.headers.host ?? '').toLowerCase())) return 403;
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const at = path.indexOf('/', 1);
  if (!tokenMatches(path.slice(1, at < 0 ? undefined : at), token)) return 403;
  return req.method === 'GET' || req.method === 'HEAD' ? null : 405;
}
