export type { EpisodeSink, EpisodeStep, EpisodeMeta } from './episode-sink.js';
export { Hdf5DemoWriter, type DemoWriterOptions } from './hdf5-demo-writer.js';
export { Hdf5DemoReader, type Demo, type DemoLayout } from './hdf5-demo-reader.js';
export { replayDemo, demoLayoutOf, type ReplayResult, type Divergence } from './replay-demo.js';
export { envArgsFor, armkitVersion, type EnvArgs } from './env-args.js';
export { RecordingError } from './recording-error.js';
