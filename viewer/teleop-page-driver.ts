import { chromium, type Browser, type Page } from 'playwright-core';
import { ArmkitError } from '../errors.js';
import { CHROMIUM, CHROMIUM_ARGS } from './screenshot.js';
import type { TeleopFrameMessage } from './teleop-server.js';

/** The teleop page open in headless Chromium, with a gamepad that code holds (tests, the latency benchmark). */
export interface TeleopPage extends AsyncDisposable {
  readonly page: Page;
  /** The newest frame the page has shown, and how many it has received. */
  frame(): Promise<{ frame: TeleopFrameMessage; count: number }>;
  /** Wait until the page has received more than `count` frames; resolves to the newest. */
  nextFrame(count: number): Promise<{ frame: TeleopFrameMessage; count: number }>;
  /** Set the stub gamepad: axes and analogue button values (a button is pressed past 0.5); null unplugs it. */
  setPad(axes: number[] | null, buttons?: Record<number, number>): Promise<void>;
  /** The page's round trips, ms: event to the frame of the step that applied it. */
  latencies(): Promise<number[]>;
  close(): Promise<void>;
}

// navigator.getGamepads answers with whatever window.__armkitPads holds: one standard-mapping pad
// with a timestamp from the page's clock, as a browser's own pad has.
const STUB = `(() => {
  window.__armkitPads = [null, null, null, null];
  Object.defineProperty(navigator, 'getGamepads', { value: () => window.__armkitPads, configurable: true });
  window.__armkitSetPad = (axes, values) => {
    if (axes === null) { window.__armkitPads = [null, null, null, null]; return; }
    const buttons = Array.from({ length: 17 }, (_, i) => ({ pressed: (values[i] ?? 0) > 0.5, touched: (values[i] ?? 0) > 0, value: values[i] ?? 0 }));
    window.__armkitPads = [{ id: 'armkit stub pad (STANDARD GAMEPAD)', index: 0, connected: true, mapping: 'standard', timestamp: performance.now(), axes, buttons }, null, null, null];
  };
})()`;

/**
 * Open `url` in headless Chromium (Debian's, through playwright-core; the viewer's flags), with
 * the stub gamepad, and wait until `ready` (a page expression) is true.
 * @throws ArmkitError when Chromium is missing or the page does not come up.
 */
export async function openPage(url: string, ready: string, width = 640, height = 400): Promise<{ browser: Browser; page: Page }> {
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (e) {
    throw new ArmkitError(`cannot start Chromium at ${CHROMIUM} (install Debian's chromium, or set ARMKIT_CHROMIUM): ${String(e).split('\n')[0]}`, { cause: e });
  }
  try {
    const page = await browser.newPage({ viewport: { width, height } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(STUB);
    await page.goto(url);
    try {
      await page.waitForFunction(ready, null, { timeout: 30_000 });
    } catch (e) {
      throw new ArmkitError(`the page at ${new URL(url).origin} did not come up${errors.length ? `: ${errors.join('; ')}` : ''}`, { cause: e });
    }
    return { browser, page };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/**
 * Open the teleop page at `url` (openPage) and wait until it has its scene and a first frame.
 * @throws ArmkitError when Chromium is missing or the page does not come up.
 */
export async function openTeleopPage(url: string, width = 640, height = 400): Promise<TeleopPage> {
  const { browser, page } = await openPage(url, 'window.armkitTeleop?.ready === true', width, height);
  const read = () => page.evaluate('({ frame: window.armkitTeleop.frame, count: window.armkitTeleop.frameCount })') as Promise<{ frame: TeleopFrameMessage; count: number }>;
  const close = () => browser.close();
  return {
    page,
    frame: read,
    nextFrame: async (count) => {
      await page.waitForFunction(`window.armkitTeleop.frameCount > ${Number(count)}`, null, { timeout: 10_000, polling: 2 });
      return read();
    },
    setPad: (axes, buttons = {}) => page.evaluate(`window.__armkitSetPad(${JSON.stringify(axes)}, ${JSON.stringify(buttons)})`),
    latencies: () => page.evaluate('[...window.armkitTeleop.latencies]') as Promise<number[]>,
    close,
    [Symbol.asyncDispose]: close,
  };
}
