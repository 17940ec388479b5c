import type { EpisodeMeta, EpisodeSink, EpisodeStep } from '../../recording/episode-sink.js';

/** An EpisodeSink that keeps committed episodes in memory (tests). */
export class MemorySink implements EpisodeSink {
  readonly episodes: { meta: EpisodeMeta; steps: EpisodeStep[]; success: boolean }[] = [];
  discarded = 0;
  private current: { meta: EpisodeMeta; steps: EpisodeStep[] } | null = null;

  beginEpisode(meta: EpisodeMeta): void {
    if (this.current) throw new Error('beginEpisode with an episode in progress');
    this.current = { meta, steps: [] };
  }

  addStep(step: EpisodeStep): void {
    if (!this.current) throw new Error('addStep without beginEpisode');
    this.current.steps.push(step);
  }

  async endEpisode(outcome: { success: boolean }): Promise<number> {
    if (!this.current) throw new Error('endEpisode without beginEpisode');
    this.episodes.push({ ...this.current, success: outcome.success });
    this.current = null;
    return this.episodes.length - 1;
  }

  discardEpisode(): void {
    if (this.current) this.discarded++;
    this.current = null;
  }

  async close(): Promise<void> {}

  async [Symbol.asyncDispose](): Promise<void> {}
}
