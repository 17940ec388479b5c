import { writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { ArmkitError, resourceError } from '../errors.js';

/** Debian's Chromium, which playwright-core drives (it downloads no browser of its own here). */
export const CHROMIUM = process.env['ARMKIT_CHROMIUM'] ?? '/usr/bin/chromium';

/** WebGL2 for three.js through SwiftShader, with no GPU and no network. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking'];

/** What the page reports once its scene is built. */
export interface ViewerPageState {
  frameCount: number;
  shapes: number;
  frame: number;
  /** Share of the canvas's pixels not of the background colour: 0 means nothing was drawn. */
  drawn: number;
}

// Read the WebGL canvas back through a 2-D canvas and count pixels off the background (#1d2025).
const PROBE = `(() => {
  const v = window.armkitViewer;
  const gl = document.querySelector('canvas');
  const c = document.createElement('canvas');
  c.width = gl.width; c.height = gl.height;
  const ctx = c.getContext('2d');
  ctx.drawImage(gl, 0, 0);
  const px = ctx.getImageData(0, 0, c.width, c.height).data;
  let drawn = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (Math.abs(px[i] - 0x1d) + Math.abs(px[i + 1] - 0x20) + Math.abs(px[i + 2] - 0x25) > 12) drawn++;
  }
  return { frameCount: v.frameCount, shapes: v.shapes, frame: v.frame, drawn: drawn / (px.length / 4) };
})()`;

/**
 * Open a viewer page in headless Chromium at `frame` (a step index or "last"), wait for its scene,
 * and write a PNG of `width` x `height`.
 * @throws ArmkitError when Chromium is missing or the page fails to build its scene; ResourceError
 * when the PNG cannot be written.
 */
export async function screenshotViewer(url: string, png: string, frame: number | 'last' = 'last', width = 960, height = 640): Promise<ViewerPageState> {
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (e) {
    throw new ArmkitError(`cannot start Chromium at ${CHROMIUM} (install Debian's chromium, or set ARMKIT_CHROMIUM): ${String(e).split('\n')[0]}`, { cause: e });
  }
  try {
    const page = await browser.newPage({ viewport: { width, height } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const at = new URL(url);
    at.searchParams.set('frame', String(frame));
    at.searchParams.set('paused', '1');
    await page.goto(at.href);
    try {
      await page.waitForFunction('window.armkitViewer?.ready === true', null, { timeout: 30_000 });
    } catch (e) {
      throw new ArmkitError(`the viewer page did not build its scene${errors.length ? `: ${errors.join('; ')}` : ''}`, { cause: e });
    }
    // Two animation frames: the first render after the scene is built lands in the canvas.
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const state = (await page.evaluate(PROBE)) as ViewerPageState;
    if (state.drawn === 0) throw new ArmkitError('the viewer drew nothing (is WebGL2 available? Chromium runs SwiftShader for it)');
    const image = await page.screenshot({ type: 'png' });
    try {
      await writeFile(png, image);
    } catch (e) {
      throw resourceError(`cannot write ${png}`, e);
    }
    return state;
  } finally {
    await browser.close();
  }
}
