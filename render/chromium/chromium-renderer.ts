import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ArmkitError } from '../../errors.js';
import { assetPath } from '../../robot/asset-path.js';
import type { CameraImages, Renderer, RenderPasses, RenderSetup, RenderTiming } from '../renderer.js';

/** Debian's Chromium, which playwright-core drives (it downloads no browser of its own here). */
export const RENDER_CHROMIUM = process.env['ARMKIT_CHROMIUM'] ?? '/usr/bin/chromium';

// WebGL2 through SwiftShader, no GPU, no network; the page's requests are answered by route().
const ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking'];
const ORIGIN = 'http://armkit.render';
const FILES: Record<string, string> = {
  '/index.html': '',
  '/render-page.js': 'render/chromium/render-page.js',
  '/three/build/three.module.js': 'node_modules/three/build/three.module.js',
  '/three/build/three.core.js': 'node_modules/three/build/three.core.js',
};

interface PageResult {
  rgb: Record<string, string> | null;
  geom: Record<string, { depth: string | null; segmentation: string | null }> | null;
  render: number;
  readback: number;
}

/**
 * The batched renderer on three.js's WebGL renderer in headless Chromium (SwiftShader here):
 * the page holds every env's meshes; a render sends the poses in, draws all tiles and returns
 * them packed in one reply.
 */
export class ChromiumRenderer implements Renderer {
  readonly backend = 'chromium-webgl';
  readonly lastTiming: RenderTiming = { render: 0, readback: 0, copy: 0 };
  private readonly images: Record<string, CameraImages> = {};

  private constructor(private readonly browser: Browser, private readonly page: Page, private readonly setup: RenderSetup) {
    const n = setup.scenes.length;
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
    try {
      browser = await chromium.launch({ executablePath: RENDER_CHROMIUM, headless: true, args: ARGS });
    } catch (e) {
      throw new ArmkitError(`cannot start Chromium at ${RENDER_CHROMIUM} for rendering (install Debian's chromium, or set ARMKIT_CHROMIUM): ${String(e).split('\n')[0]}`, { cause: e });
    }
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.route(`${ORIGIN}/**`, async (route) => {
        const path = new URL(route.request().url()).pathname;
        const file = FILES[path];
        if (file === undefined) return route.fulfill({ status: 404 });
        if (file === '') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><script type="module" src="/render-page.js"></script>' });
        return route.fulfill({ contentType: 'text/javascript', body: await readFile(assetPath(file)) });
      });
      await page.goto(`${ORIGIN}/index.html`);
      try {
        await page.waitForFunction('window.armkitRender?.ready === true', null, { timeout: 30_000 });
        await page.evaluate((s) => (globalThis as unknown as { armkitRender: { init(s: unknown): unknown } }).armkitRender.init(s), setup as unknown as Record<string, unknown>);
      } catch (e) {
        throw new ArmkitError(`the render page did not build its scenes${errors.length ? `: ${errors.join('; ')}` : ''}: ${String(e).split('\n')[0]}`, { cause: e });
      }
      return new ChromiumRenderer(browser, page, setup);
    } catch (e) {
      await browser.close();
      throw e;
    }
  }

  async render(bodyPoses: Float32Array, cameraPoses: Float32Array, passes: RenderPasses): Promise<Record<string, CameraImages>> {
    const t0 = performance.now();
    const r = (await this.page.evaluate(
      ([b, c, p]) => (globalThis as unknown as { armkitRender: { render(b: number[], c: number[], p: RenderPasses): unknown } }).armkitRender.render(b, c, p),
      [Array.from(bodyPoses), Array.from(cameraPoses), passes] as const,
    )) as PageResult;
    for (const c of this.setup.cameras) {
      const out = this.images[c.uid]!;
      const rgb = r.rgb?.[c.uid];
      if (rgb !== undefined) out.rgb!.set(Buffer.from(rgb, 'latin1'));
      const g = r.geom?.[c.uid];
      if (g?.depth) copyInt16(g.depth, out.depth!);
      if (g?.segmentation) copyInt16(g.segmentation, out.segmentation!);
    }
    const total = performance.now() - t0;
    Object.assign(this.lastTiming, { render: r.render, readback: r.readback, copy: total - r.render - r.readback });
    const result: Record<string, CameraImages> = {};
    for (const [uid, im] of Object.entries(this.images)) {
      result[uid] = { rgb: passes.rgb ? im.rgb : null, depth: passes.depth ? im.depth : null, segmentation: passes.segmentation ? im.segmentation : null };
    }
    return result;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

// Little-endian int16 bytes (the page's Int16Array) into `out`.
function copyInt16(latin1: string, out: Int16Array): void {
  const bytes = Buffer.from(latin1, 'latin1');
  new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes);
}
