import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { WebSocketServer, type WebSocket } from 'ws';
import { ArmkitError } from '../../errors.js';
import { assetPath } from '../../robot/asset-path.js';
import type { CameraImages, Renderer, RenderPasses, RenderSetup, RenderTiming } from '../renderer.js';

/** Debian's Chromium, which playwright-core drives (it downloads no browser of its own here). */
export const RENDER_CHROMIUM = process.env['ARMKIT_CHROMIUM'] ?? '/usr/bin/chromium';

// WebGL2 through SwiftShader, no GPU, no network; the page and its socket come from a loopback server.
const ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking'];
// Sockets the page's replies are split over.
const LANES = 4;
const FILES: Record<string, string> = {
  '/index.html': '',
  '/render-page.js': 'render/chromium/render-page.js',
  '/three/build/three.module.js': 'node_modules/three/build/three.module.js',
  '/three/build/three.core.js': 'node_modules/three/build/three.core.js',
};

/**
 * The batched renderer on three.js's WebGL renderer in headless Chromium (SwiftShader here):
 * the page holds every env's meshes; a render sends the poses in over a local WebSocket, the page
 * draws all tiles and returns them packed in one binary message, which is copied into the images.
 */
export class ChromiumRenderer implements Renderer {
  readonly backend = 'chromium-webgl';
  readonly lastTiming: RenderTiming = { render: 0, readback: 0, copy: 0 };
  private readonly images: Record<string, CameraImages> = {};
  private readonly request: Float32Array;
  /** Of the last render's copy time, the page's packing of the tiles into the reply, ms. */
  lastPacking = 0;
  private pending: { resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
  private readonly parts: (Buffer | null)[];
  private arrived = 0;

  private constructor(private readonly browser: Browser, private readonly http: Server, private readonly server: WebSocketServer, private readonly sockets: WebSocket[], private readonly setup: RenderSetup) {
    this.parts = sockets.map(() => null);
    const n = setup.scenes.length;
    const bodies = setup.scenes.reduce((k, s) => k + s.bodies.length, 0);
    this.request = new Float32Array(3 + 7 * bodies + 7 * n * setup.cameras.length);
    sockets.forEach((socket, lane) => {
      socket.on('message', (data: Buffer) => {
        this.parts[lane] = data;
        if (++this.arrived < sockets.length) return;
        const p = this.pending;
        this.pending = null;
        this.arrived = 0;
        p?.resolve(Buffer.concat(this.parts as Buffer[]));
      });
      socket.on('close', () => this.pending?.reject(new ArmkitError('the render page closed its connection')));
    });
    for (const c of setup.cameras) {
      const px = n * c.width * c.height;
      this.images[c.uid] = { rgb: new Uint8Array(px * 3), depth: new Int16Array(px), segmentation: new Int16Array(px) };
    }
  }

  /**
   * Start Chromium, load three.js and build every env's scene.
   * @throws ArmkitError when Chromium cannot start or the page cannot build the scenes.
   */
  static async open(setup: RenderSetup): Promise<ChromiumRenderer> {
    let browser: Browser;
    const http = await serveFiles();
    const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const server = new WebSocketServer({ server: http, maxPayload: 1 << 30 });
    const lanes: WebSocket[] = [];
    const connected = new Promise<WebSocket[]>((resolve) =>
      server.on('connection', (ws, req) => {
        lanes[Number(new URL(req.url ?? '/', 'http://x').searchParams.get('lane'))] = ws;
        if (lanes.filter(Boolean).length === LANES) resolve(lanes);
      }),
    );
    try {
      browser = await chromium.launch({ executablePath: RENDER_CHROMIUM, headless: true, args: ARGS });
    } catch (e) {
      server.close();
      http.close();
      throw new ArmkitError(`cannot start Chromium at ${RENDER_CHROMIUM} for rendering (install Debian's chromium, or set ARMKIT_CHROMIUM): ${String(e).split('\n')[0]}`, { cause: e });
    }
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${origin}/index.html`);
      try {
        await page.waitForFunction('window.armkitRender?.ready === true', null, { timeout: 30_000 });
        await page.evaluate((s) => (globalThis as unknown as { armkitRender: { init(s: unknown): unknown } }).armkitRender.init(s), setup as unknown as Record<string, unknown>);
        const url = origin.replace('http:', 'ws:');
        await page.evaluate(([u, n]) => (globalThis as unknown as { armkitRender: { connect(u: string, n: number): Promise<unknown> } }).armkitRender.connect(u, n), [url, LANES] as const);
      } catch (e) {
        throw new ArmkitError(`the render page did not build its scenes${errors.length ? `: ${errors.join('; ')}` : ''}: ${String(e).split('\n')[0]}`, { cause: e });
      }
      return new ChromiumRenderer(browser, http, server, await connected, setup);
    } catch (e) {
      await browser.close();
      server.close();
      http.close();
      throw e;
    }
  }

  async render(bodyPoses: Float32Array, cameraPoses: Float32Array, passes: RenderPasses): Promise<Record<string, CameraImages>> {
    const t0 = performance.now();
    const q = this.request;
    q[0] = passes.rgb ? 1 : 0;
    q[1] = passes.depth ? 1 : 0;
    q[2] = passes.segmentation ? 1 : 0;
    q.set(bodyPoses, 3);
    q.set(cameraPoses, 3 + bodyPoses.length);
    const reply = await new Promise<Buffer>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.sockets[0]!.send(q);
    });
    const timing = new Float64Array(reply.buffer.slice(reply.byteOffset, reply.byteOffset + 24));
    let o = 24;
    const n = this.setup.scenes.length;
    const result: Record<string, CameraImages> = {};
    for (const c of this.setup.cameras) {
      const im = this.images[c.uid]!;
      const px = n * c.width * c.height;
      if (passes.rgb) { im.rgb!.set(reply.subarray(o, o + 3 * px)); o += 3 * px; }
      if (passes.depth) { bytesOf(im.depth!).set(reply.subarray(o, o + 2 * px)); o += 2 * px; }
      if (passes.segmentation) { bytesOf(im.segmentation!).set(reply.subarray(o, o + 2 * px)); o += 2 * px; }
      result[c.uid] = { rgb: passes.rgb ? im.rgb : null, depth: passes.depth ? im.depth : null, segmentation: passes.segmentation ? im.segmentation : null };
    }
    Object.assign(this.lastTiming, { render: timing[0]!, readback: timing[1]!, copy: performance.now() - t0 - timing[0]! - timing[1]! });
    this.lastPacking = timing[2]!;
    return result;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.close();
    this.server.close();
    this.http.close();
    await this.browser.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

// A loopback HTTP server for the page's files (the WebSocket upgrades on it: same origin).
async function serveFiles(): Promise<Server> {
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = FILES[path];
    if (file === undefined) return void res.writeHead(404).end();
    if (file === '') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/render-page.js"></script>');
    readFile(assetPath(file)).then(
      (body) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return http;
}

// The bytes of an int16 image (the page writes little-endian int16, as this machine reads them).
function bytesOf(a: Int16Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
