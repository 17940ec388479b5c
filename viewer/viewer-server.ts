import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resourceError } from '../errors.js';
import { assetPath } from '../robot/asset-path.js';
import type { EpisodeView } from './episode-view.js';

/** A running viewer: its address, and close() to stop it. */
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
 * Serve the episode viewer for `view` on localhost (port 0: any free one).
 * @throws ResourceError when the port is taken.
 */
export async function serveViewer(view: EpisodeView, port = 0): Promise<ViewerServer> {
  const episode = JSON.stringify(view);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/episode.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(episode);
      return;
    }
    const file = FILES[path];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}\n`);
      return;
    }
    readFile(assetPath(file.path)).then(
      (body) => res.writeHead(200, { 'content-type': file.type }).end(body),
      (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`cannot read ${file.path}: ${String(e)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(resourceError(`cannot listen on 127.0.0.1:${port}`, e)));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url: `http://127.0.0.1:${bound}/`, close, [Symbol.asyncDispose]: close };
}
