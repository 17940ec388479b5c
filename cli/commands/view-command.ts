import { episodeView } from '../../viewer/episode-view.js';
import { screenshotViewer } from '../../viewer/screenshot.js';
import { serveViewer } from '../../viewer/viewer-server.js';
import { bindToken, isLoopback } from '../../hardware/rosbridge/access-token.js';
import type { Command } from '../command.js';
import { int, readOptions, text } from '../options.js';
import { UsageError } from '../usage-error.js';
import { checkWritable } from '../write-output.js';

/** `armkit view`: play a recorded episode in the browser viewer, or render one step to a PNG. */
export const viewCommand: Command = {
  name: 'view',
  summary: 'play a recorded demo in a 3-D viewer (browser), or render a step to PNG',
  usage: 'armkit view FILE [--demo N] [--port P] [--host ADDR [--token T]] [--screenshot FILE.png [--frame N|last]]',
  async run(argv) {
    const { values: o, positionals, given } = readOptions('view', argv, {
      demo: int(0, Number.MAX_SAFE_INTEGER, 0),
      port: int(0, 65535, 0),
      host: text('127.0.0.1'),
      token: text(),
      screenshot: text(),
      frame: text('last'),
    }, true);
    if (positionals.length !== 1) throw new UsageError(`armkit view: expected one FILE, got ${positionals.length}`);
    if (given.has('frame') && o.screenshot === undefined) throw new UsageError('armkit view: --frame goes with --screenshot');
    if (o.screenshot !== undefined) checkWritable(o.screenshot);
    const view = episodeView(positionals[0]!, o.demo);
    const last = view.frames.length - 1;
    const frame = o.frame === 'last' ? 'last' : /^\d+$/.test(o.frame) && Number(o.frame) <= last ? Number(o.frame) : null;
    if (frame === null) throw new UsageError(`armkit view: --frame: expected "last" or a step in [0, ${last}], got "${o.frame}"`);
    await using server = await serveViewer(view, { port: o.port, host: o.host, token: bindToken(o.host, o.token) });
    if (!isLoopback(o.host)) process.stderr.write(`armkit view: ${o.host} is not loopback: clients need the token, which the URL below carries\n`);
    if (o.screenshot !== undefined) {
      const state = await screenshotViewer(server.url, o.screenshot, frame);
      process.stdout.write(`wrote ${o.screenshot}: ${view.task} ${view.demo}, step ${state.frame} of ${state.frameCount - 1}\n`);
      return 0;
    }
    process.stdout.write(`${view.task} ${view.demo} (seed ${view.seed}, ${last} steps): open ${server.url} (Ctrl-C stops)\n`);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    return 0;
  },
};
