import { episodeView } from '../../viewer/episode-view.js';
import { screenshotViewer } from '../../viewer/screenshot.js';
import { serveViewer } from '../../viewer/viewer-server.js';
import { bindToken, isLoopback } from '../../hardware/rosbridge/access-token.js';
import type { Command } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { MAX_INT, checkOptions, intArg, optionalIntArg } from '../option-schemas.js';
import { UsageError } from '../usage-error.js';

/** `armkit view`: play a recorded episode in the browser viewer, or render one step to a PNG. */
export const viewCommand: Command = {
  name: 'view',
  summary: 'play a recorded demo in a 3-D viewer (browser), or render a step to PNG',
  usage: 'armkit view FILE [--demo N] [--port P] [--host ADDR [--token T]] [--screenshot FILE.png [--frame N|last]]',
  async run(argv) {
    const { values, positionals } = parseOptions('view', argv, {
      demo: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string' },
      screenshot: { type: 'string' },
      frame: { type: 'string' },
    }, true);
    if (positionals.length !== 1) throw new UsageError(`armkit view: expected one FILE, got ${positionals.length}`);
    if (values.frame !== undefined && values.screenshot === undefined) throw new UsageError('armkit view: --frame goes with --screenshot');
    const o = checkOptions('view', { ...values, frame: values.frame === 'last' ? undefined : values.frame }, { frame: optionalIntArg(0), demo: intArg(0, MAX_INT, 0), port: intArg(0, 65535, 0) });
    const frame = o.frame ?? 'last';
    const view = episodeView(positionals[0]!, o.demo);
    const host = values.host!;
    await using server = await serveViewer(view, { port: o.port, host, token: bindToken(host, values.token) });
    if (!isLoopback(host)) process.stderr.write(`armkit view: ${host} is not loopback: clients need the token, which the URL below carries\n`);
    if (values.screenshot !== undefined) {
      const state = await screenshotViewer(server.url, values.screenshot, frame);
      process.stdout.write(`wrote ${values.screenshot}: ${view.task} ${view.demo}, step ${state.frame} of ${state.frameCount - 1}\n`);
      return 0;
    }
    process.stdout.write(`${view.task} ${view.demo} (seed ${view.seed}, ${view.frames.length - 1} steps): open ${server.url} (Ctrl-C stops)\n`);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    return 0;
  },
};
