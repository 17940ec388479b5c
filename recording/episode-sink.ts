/** Where an episode came from, written with it. */
export interface EpisodeMeta {
  /** Seed of the episode's reset, when the env was seeded (sim), else null (real arm). */
  seed: number | null;
  /** Free-form per-episode attributes (e.g. { source: 'teleop', operator: 'x' }). */
  attrs?: Record<string, string | number | boolean>;
  /** The shape of one frame of an observation key that is not a flat vector (images: [H, W, 3]). */
  shapes?: Readonly<Record<string, readonly number[]>>;
}

/** One control step of an episode, in robomimic's terms. */
export interface EpisodeStep {
  /** Observation before the action, by key (flat float32 parts, or uint8 images). */
  obs: Record<string, Float32Array | Uint8Array>;
  /** Observation after the action. */
  nextObs: Record<string, Float32Array | Uint8Array>;
  /** The action actually applied (after safety clipping on a real arm). */
  action: Float32Array;
  reward: number;
  /** 1 on the episode's last step. */
  done: boolean;
  /** Flattened simulator state before the action (empty on a real arm). */
  state?: Float64Array;
  /** True when a human overrode the policy for this step. */
  intervention?: boolean;
}

/**
 * A destination for recorded episodes. An episode is committed as a whole by endEpisode() and
 * must be on disk when the returned promise resolves; a crash before that loses only the
 * episode in progress.
 */
export interface EpisodeSink extends AsyncDisposable {
  beginEpisode(meta: EpisodeMeta): void;
  addStep(step: EpisodeStep): void;
  /** Commit the episode in progress; resolves to its index in the file. */
  endEpisode(outcome: { success: boolean }): Promise<number>;
  /** Drop the episode in progress. */
  discardEpisode(): void;
  /** Finish the file (masks, totals) and free its handle. */
  close(): Promise<void>;
}
