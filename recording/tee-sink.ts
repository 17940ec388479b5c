import type { EpisodeMeta, EpisodeSink, EpisodeStep } from './episode-sink.js';

/**
 * Several sinks fed as one (a demonstration file and a run log): each gets every call in
 * order; an episode is committed when every sink has committed it.
 */
export class TeeSink implements EpisodeSink {
  private readonly sinks: EpisodeSink[];

  /** @param sinks the sinks; undefined entries (an option not given) are left out. */
  constructor(...sinks: (EpisodeSink | undefined)[]) {
    this.sinks = sinks.filter((s): s is EpisodeSink => s !== undefined);
  }

  /** How many sinks it feeds. */
  get size(): number {
    return this.sinks.length;
  }

  beginEpisode(meta: EpisodeMeta): void {
    for (const s of this.sinks) s.beginEpisode(meta);
  }

  addStep(step: EpisodeStep): void {
    for (const s of this.sinks) s.addStep(step);
  }

  /** Resolves to the first sink's index of the episode. */
  async endEpisode(outcome: { success: boolean }): Promise<number> {
    const indices = [];
    for (const s of this.sinks) indices.push(await s.endEpisode(outcome));
    return indices[0] ?? -1;
  }

  discardEpisode(): void {
    for (const s of this.sinks) s.discardEpisode();
  }

  /** Close every sink, even when one fails; the first failure is thrown. */
  async close(): Promise<void> {
    let failure: unknown = null;
    for (const s of this.sinks) {
      try {
        await s.close();
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure) throw failure;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
