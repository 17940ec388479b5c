import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resourceError } from '../errors.js';
import { checkBind, tokenMatches, urlHost } from '../hardware/rosbridge/access-token.js';
import { assetPath } from '../robot/asset-path.js';
import type { EpisodeView } from './episode-view.js';

/** Where a viewer listens. */
export interface ViewerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** When set, the page and the episode are served only with it as the URL's `token` parameter; required off loopback. */
  token?: string;
}

// What asks for the token: the page and the episode. The rest is three.js and the page's own
// script, which hold nothing of the user's.
const PRIVATE = new Set(['/', '/episode.json']);

/** A running viewer: its address (with the token, when there is one), and close() to stop it. */
export interface ViewerServer extends AsyncDisposable {
  readonly url: string;
  close(): Promise<void>;
}

// Everything the page loads, by URL path: the page, its script, and the three.js modules it
// imports (from the package's dependency); nothing else on disk is reachable.
const FILES: Readonly<Record<string, { path: string; type: string }>> = {
  '/': { path: 'viewer/page/index.html', type: 'text/html; charset=utf-8' },
  '/viewer.js': { path: 'viewer/page/viewer.js', type: 'text/javascript' },
  '/three/build/three.module.js': { path: 'node_modules/three/build/three.module.js', type: 'text/javascript' },
  '/three/build/three.core.js': { path: 'node_modules/three/build/three.core.js', type: 'text/javascript' },
  '/three/examples/jsm/controls/OrbitControls.js': { path: 'node_modules/three/examples/jsm/controls/OrbitControls.js', type: 'text/javascript' },
};

/**
 * Serve the episode viewer for `view`. Requests whose Host header is not a loopback name or the
 * bound host, with the bound port, are refused: a page from elsewhere that rebinds its own name
 * to this address cannot read the episode.
 * @throws ResourceError when the port is taken or the host is not this machine's;
 * InvalidArgumentError for a host off loopback without a token.
 */
export async function serveViewer(view: EpisodeView, options: ViewerOptions = {}): Promise<ViewerServer> {
  const { port = 0, host = '127.0.0.1', token } = options;
  checkBind(host, token);
  const episode = JSON.stringify(view);
  const hosts = new Set<string>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end(`forbidden: Host ${req.headers.host ?? '(none)'} is not this viewer's\n`);
      return;
    }
    if (token !== undefined && PRIVATE.has(url.pathname) && !tokenMatches(url.searchParams.get('token'), token)) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized: open the URL armkit view printed, with its token\n');
      return;
    }
    if (url.pathname === '/episode.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(episode);
      return;
    }
    const file = FILES[url.pathname];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${url.pathname}\n`);
      return;
    }
    readFile(assetPath(file.path)).then(
      (body) => res.writeHead(200, { 'content-type': file.type }).end(body),
      (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`cannot read ${file.path}: ${String(e)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(resourceError(`cannot listen on ${host}:${port}`, e)));
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  const name = urlHost(host);
  for (const h of ['localhost', '127.0.0.1', '[::1]', name]) hosts.add(`${h}:${bound}`.toLowerCase());
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url: `http://${name}:${bound}/${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`, close, [Symbol.asyncDispose]: close };
}
